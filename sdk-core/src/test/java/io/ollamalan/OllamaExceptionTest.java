package io.ollamalan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.OllamaException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OllamaExceptionTest {

  @Test
  void statusesMapToKinds() {
    assertThat(OllamaServerException.of("n", 400, "model is required", "r").kind())
        .isEqualTo(Kind.BAD_REQUEST);
    assertThat(OllamaServerException.of("n", 404, "model 'x' not found", "r").kind())
        .isEqualTo(Kind.MODEL_NOT_FOUND);
    assertThat(
            OllamaServerException.of("n", 404, "model \"x\" not found, try pulling it first", "r")
                .kind())
        .isEqualTo(Kind.MODEL_NOT_FOUND);
    assertThat(OllamaServerException.of("n", 404, "404 page not found", "r").kind())
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(OllamaServerException.of("n", 401, "", "r").kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(OllamaServerException.of("n", 403, "", "r").kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(
            OllamaServerException.of(
                    "n",
                    503,
                    "server busy, please try again.  maximum pending requests exceeded",
                    "r")
                .kind())
        .isEqualTo(Kind.SERVER_BUSY);
    assertThat(OllamaServerException.of("n", 429, "rate limit exceeded", "r").kind())
        .isEqualTo(Kind.SERVER_BUSY);
    assertThat(OllamaServerException.of("n", 499, "request canceled", "r").kind())
        .isEqualTo(Kind.CANCELED);
    assertThat(OllamaServerException.of("n", 500, "boom", "r").kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(OllamaServerException.of("n", 502, "", "r").kind()).isEqualTo(Kind.SERVER_ERROR);
  }

  @Test
  void carriesNodeStatusServerTextAndRequestIdAndSaysWhatToDo() {
    OllamaServerException e =
        OllamaServerException.of(
            "http://10.0.0.5:11434", 404, "model 'llama9' not found", "abc123");
    assertThat(e.nodeId()).isEqualTo("http://10.0.0.5:11434");
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.serverMessage()).isEqualTo("model 'llama9' not found");
    assertThat(e.requestId()).isEqualTo("abc123");
    assertThat(e.getMessage())
        .contains("http://10.0.0.5:11434", "404", "llama9", "ollama pull", "abc123");
  }

  @Test
  void retryabilityFollowsKindAndDelivery() {
    assertThat(OllamaServerException.of("n", 503, "busy", "r").isRetryableOnAnotherNode()).isTrue();
    assertThat(OllamaServerException.of("n", 500, "x", "r").isRetryableOnAnotherNode()).isTrue();
    assertThat(
            OllamaServerException.of("n", 404, "model 'x' not found", "r")
                .isRetryableOnAnotherNode())
        .isTrue();
    assertThat(OllamaServerException.of("n", 400, "bad", "r").isRetryableOnAnotherNode()).isFalse();
    assertThat(OllamaServerException.of("n", 401, "", "r").isRetryableOnAnotherNode()).isFalse();
    assertThat(OllamaServerException.of("n", 499, "", "r").isRetryableOnAnotherNode()).isFalse();

    OllamaException refused =
        OllamaTransportException.failure(
            "n", "r", false, new ConnectException("Connection refused"));
    assertThat(refused.isRetryableOnAnotherNode()).isTrue();
    assertThat(refused.withPartialResponseDelivered().isRetryableOnAnotherNode()).isFalse();
    assertThat(refused.withPartialResponseDelivered().partialResponseDelivered()).isTrue();

    OllamaException midStream = OllamaServerException.midStream("n", "runner stopped", "r", true);
    assertThat(midStream.isRetryableOnAnotherNode()).isFalse();
    assertThat(midStream.httpStatus()).isEqualTo(200);
    assertThat(midStream.getMessage()).contains("runner stopped", "not retried");

    assertThat(
            OllamaTransportException.timeout(
                    "n", "r", OllamaTransportException.Timeout.CONNECT, 5000, null)
                .isRetryableOnAnotherNode())
        .isTrue();
    assertThat(
            OllamaTransportException.timeout(
                    "n", "r", OllamaTransportException.Timeout.FIRST_BYTE, 5000, null)
                .isRetryableOnAnotherNode())
        .isFalse();
    assertThat(
            OllamaTransportException.tls("n", "r", "pin mismatch", new IOException())
                .isRetryableOnAnotherNode())
        .isFalse();
    assertThat(OllamaTransportException.canceled("n", "r", null).isRetryableOnAnotherNode())
        .isFalse();
    assertThat(NoNodeAvailableException.of("none", "r", null).isRetryableOnAnotherNode()).isFalse();
  }

  @Test
  void timeoutMessageNamesTheKnobToRaise() {
    OllamaTransportException e =
        OllamaTransportException.timeout(
            "n", "r", OllamaTransportException.Timeout.STREAM_IDLE, 60000, null);
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.timeout()).isEqualTo(OllamaTransportException.Timeout.STREAM_IDLE);
    assertThat(e.getMessage()).contains("60000 ms", "streamIdleTimeout");
  }
}
