package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.internal.ProtoMapper;
import io.ollamalan.grpc.v1.GenerateRequest;
import io.ollamalan.grpc.v1.GenerateResponse;
import io.ollamalan.grpc.v1.GenerateServiceGrpc;

final class GenerateGrpcService extends GenerateServiceGrpc.GenerateServiceImplBase {
  private final GrpcFront front;

  GenerateGrpcService(GrpcFront front) {
    this.front = front;
  }

  @Override
  public void generate(GenerateRequest request, StreamObserver<GenerateResponse> observer) {
    front.future(
        observer, c -> c.generateAsync(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void generateStream(GenerateRequest request, StreamObserver<GenerateResponse> observer) {
    front.stream(
        observer, c -> c.generateStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }
}
