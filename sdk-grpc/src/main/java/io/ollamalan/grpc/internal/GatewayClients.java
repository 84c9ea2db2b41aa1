package io.ollamalan.grpc.internal;

import io.grpc.ManagedChannel;
import io.ollamalan.auth.Auth;
import io.ollamalan.spi.ClientTransportConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link GatewayClient} from the builder's settings. */
public final class GatewayClients {
  private GatewayClients() {}

  public static GatewayClient create(ClientTransportConfig config) {
    List<GatewayAddress> statics = new ArrayList<>();
    for (String a : config.addresses()) {
      statics.add(GatewayAddress.parse(a));
    }
    boolean tls = !statics.isEmpty() && statics.get(0).tls();
    GatewayTracker tracker = new GatewayTracker(Clock.systemUTC());
    ManagedChannel channel = Channels.open(config, statics, tls, tracker);
    String name =
        statics.size() == 1
            ? statics.get(0).id()
            : "gateways " + statics.stream().map(GatewayAddress::id).toList();
    return new GatewayClient(
        channel,
        tracker,
        config.auth() == Auth.none() ? null : new AuthCredentials(config.auth()),
        config.callTimeout(),
        name,
        config.maxAttempts());
  }
}
