package io.ollamalan.gateway.internal.grpc;

import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.internal.ProtoMapper;
import io.ollamalan.grpc.v1.FleetServiceGrpc;
import io.ollamalan.grpc.v1.FleetSnapshot;
import io.ollamalan.grpc.v1.GetFleetRequest;

final class FleetGrpcService extends FleetServiceGrpc.FleetServiceImplBase {
  private final GrpcFront front;

  FleetGrpcService(GrpcFront front) {
    this.front = front;
  }

  @Override
  public void getFleet(GetFleetRequest request, StreamObserver<FleetSnapshot> observer) {
    front.blocking(observer, c -> c.fleet(), ProtoMapper::toProto);
  }
}
