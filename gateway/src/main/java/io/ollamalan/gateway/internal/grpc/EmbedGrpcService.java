package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.internal.ProtoMapper;
import io.ollamalan.grpc.v1.EmbedRequest;
import io.ollamalan.grpc.v1.EmbedResponse;
import io.ollamalan.grpc.v1.EmbedServiceGrpc;
import io.ollamalan.grpc.v1.EmbeddingsRequest;
import io.ollamalan.grpc.v1.EmbeddingsResponse;

final class EmbedGrpcService extends EmbedServiceGrpc.EmbedServiceImplBase {
  private final GrpcFront front;

  EmbedGrpcService(GrpcFront front) {
    this.front = front;
  }

  @Override
  public void embed(EmbedRequest request, StreamObserver<EmbedResponse> observer) {
    front.future(observer, c -> c.embedAsync(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void embeddings(EmbeddingsRequest request, StreamObserver<EmbeddingsResponse> observer) {
    front.blocking(
        observer, c -> c.embeddings(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }
}
