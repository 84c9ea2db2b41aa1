package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.gateway.internal.ProtoMapping;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;

final class ChatGrpcService extends ChatServiceGrpc.ChatServiceImplBase {
  private final GrpcFront front;

  ChatGrpcService(GrpcFront front) {
    this.front = front;
  }

  @Override
  public void chat(ChatRequest request, StreamObserver<ChatResponse> observer) {
    front.future(
        observer, c -> c.chatAsync(ProtoMapping.chatRequest(request)), ProtoMapping::chatResponse);
  }

  @Override
  public void chatStream(ChatRequest request, StreamObserver<ChatResponse> observer) {
    front.stream(
        observer, c -> c.chatStream(ProtoMapping.chatRequest(request)), ProtoMapping::chatResponse);
  }
}
