package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.internal.ProtoMapper;
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
    front.future(observer, c -> c.chatAsync(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void chatStream(ChatRequest request, StreamObserver<ChatResponse> observer) {
    front.stream(observer, c -> c.chatStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }
}
