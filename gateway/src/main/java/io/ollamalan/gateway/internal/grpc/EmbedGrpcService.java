package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.gateway.internal.ProtoMapping;
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
    front.future(
        observer,
        c -> c.embedAsync(ProtoMapping.embedRequest(request)),
        ProtoMapping::embedResponse);
  }

  @Override
  public void embeddings(EmbeddingsRequest request, StreamObserver<EmbeddingsResponse> observer) {
    front.blocking(
        observer,
        c -> c.embeddings(ProtoMapping.embeddingsRequest(request)),
        ProtoMapping::embeddingsResponse);
  }
}
