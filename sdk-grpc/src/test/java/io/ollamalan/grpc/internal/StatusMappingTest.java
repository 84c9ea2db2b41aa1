package io.ollamalan.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaTransportException;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

  private static OllamaException map(Status status, Metadata trailers) {
    return StatusMapping.map(status, trailers, "grpc://gw:50051", "req-1", false, 1000, false);
  }

  private static Metadata trailers(String kind, String http, String node) {
    Metadata m = new Metadata();
    m.put(StatusMapping.KIND, kind);
    if (http != null) {
      m.put(StatusMapping.HTTP_STATUS, http);
    }
    if (node != null) {
      m.put(CallSetup.NODE, node);
    }
    return m;
  }

  @Test
  void statusCodesMapToKindsWithoutTrailers() {
    assertThat(map(Status.NOT_FOUND.withDescription("model \"x\" not found"), null).kind())
        .isEqualTo(Kind.MODEL_NOT_FOUND);
    assertThat(map(Status.NOT_FOUND.withDescription("no route"), null).kind())
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(map(Status.INVALID_ARGUMENT, null).kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(map(Status.UNAUTHENTICATED, null).kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(map(Status.PERMISSION_DENIED, null).kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(map(Status.RESOURCE_EXHAUSTED, null).kind()).isEqualTo(Kind.SERVER_BUSY);
    assertThat(map(Status.DEADLINE_EXCEEDED, null).kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(map(Status.UNAVAILABLE, null).kind()).isEqualTo(Kind.TRANSPORT);
    assertThat(map(Status.INTERNAL, null).kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(map(Status.CANCELLED, null).kind()).isEqualTo(Kind.CANCELED);
    assertThat(StatusMapping.map(Status.CANCELLED, null, "gw", "r", true, 0, false).kind())
        .isEqualTo(Kind.CLIENT_CANCELED);
  }

  @Test
  void aLostConnectionSaysWhetherTheGatewayHadReceivedTheCall() {
    Status lost = Status.UNAVAILABLE.withDescription("Network closed for unknown reason");
    OllamaException beforeHeaders =
        StatusMapping.map(lost, new Metadata(), "gw", "r", false, 0, false, false);
    OllamaException afterHeaders =
        StatusMapping.map(lost, new Metadata(), "gw", "r", false, 0, false, true);

    assertThat(beforeHeaders).isInstanceOf(OllamaTransportException.class);
    assertThat(((OllamaTransportException) beforeHeaders).requestSent()).isFalse();
    assertThat(afterHeaders).isInstanceOf(OllamaTransportException.class);
    assertThat(((OllamaTransportException) afterHeaders).requestSent()).isTrue();
    assertThat(afterHeaders.getMessage()).contains("complete the call to node gw");
  }

  @Test
  void aStreamStartedOnAClosedConnectionIsATransportFailure() {
    Status closed =
        Status.UNKNOWN
            .withDescription("channel closed")
            .withCause(new java.nio.channels.ClosedChannelException());

    assertThat(Attempts.lostConnection(closed)).isTrue();
    assertThat(Attempts.lostConnection(Status.UNKNOWN.withDescription("boom"))).isFalse();
    assertThat(map(closed, new Metadata()).kind()).isEqualTo(Kind.TRANSPORT);
  }

  @Test
  void gatewayTrailersRebuildTheNodesFailure() {
    OllamaException busy =
        map(
            Status.RESOURCE_EXHAUSTED.withDescription("server busy"),
            trailers("SERVER_BUSY", "503", "http://10.0.0.5:11434"));
    assertThat(busy.kind()).isEqualTo(Kind.SERVER_BUSY);
    assertThat(busy.httpStatus()).isEqualTo(503);
    assertThat(busy.nodeId()).isEqualTo("http://10.0.0.5:11434");
    assertThat(busy.serverMessage()).isEqualTo("server busy");

    OllamaException none =
        map(
            Status.UNAVAILABLE.withDescription("No node could take the request: all down"),
            trailers("NO_NODE_AVAILABLE", null, null));
    assertThat(none.kind()).isEqualTo(Kind.NO_NODE_AVAILABLE);
    assertThat(none.getMessage()).containsOnlyOnce("No node could take the request");

    Metadata partial = trailers("SERVER_ERROR", null, null);
    partial.put(StatusMapping.PARTIAL, "true");
    OllamaException mid = map(Status.INTERNAL.withDescription("boom"), partial);
    assertThat(mid.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(mid.partialResponseDelivered()).isTrue();
    assertThat(mid.isRetryableOnAnotherNode()).isFalse();
  }

  @Test
  void tooManyPingsIsATransportFailureThatNamesTheKeepAliveSetting() {
    OllamaException e =
        map(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM,"
                    + " debug data: too_many_pings"),
            null);
    assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
    assertThat(e.getMessage()).contains("grpcKeepAliveTime");
  }
}
