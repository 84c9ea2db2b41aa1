package io.ollamalan.gateway.internal.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.ollamalan.gateway.internal.Forwarder;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.EmbedServiceGrpc;
import io.ollamalan.grpc.v1.FleetServiceGrpc;
import io.ollamalan.grpc.v1.GenerateServiceGrpc;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import java.util.ArrayList;
import java.util.List;

/** The ollama.api.v1 services of the gateway, ready to add to a gRPC server. */
public final class GrpcServices {

  /** The fully qualified names of the services, for the health service. */
  public static final List<String> NAMES =
      List.of(
          ChatServiceGrpc.SERVICE_NAME,
          GenerateServiceGrpc.SERVICE_NAME,
          EmbedServiceGrpc.SERVICE_NAME,
          ModelsServiceGrpc.SERVICE_NAME,
          FleetServiceGrpc.SERVICE_NAME);

  private GrpcServices() {}

  /** The services, each behind the interceptor that reads the call's metadata. */
  public static List<ServerServiceDefinition> definitions(Forwarder forwarder) {
    GrpcFront front = new GrpcFront(forwarder);
    CallScopeInterceptor scope = new CallScopeInterceptor();
    List<ServerServiceDefinition> out = new ArrayList<>();
    for (BindableService s :
        List.of(
            new ChatGrpcService(front),
            new GenerateGrpcService(front),
            new EmbedGrpcService(front),
            new ModelsGrpcService(front),
            new FleetGrpcService(front))) {
      out.add(ServerInterceptors.intercept(s, scope));
    }
    return out;
  }
}
