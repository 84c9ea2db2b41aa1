package io.ollamalan.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.TagsResponse;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decoding a body from a stream as it arrives, and Ollama's error object sent as a success. */
class JsonStreamReadTest {

  /** Hands out at most {@code step} bytes per read and records the largest request and closing. */
  static final class Trickle extends FilterInputStream {
    final int step;
    int reads;
    boolean closed;

    Trickle(byte[] body, int step) {
      super(new ByteArrayInputStream(body));
      this.step = step;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      reads++;
      return super.read(b, off, Math.min(len, step));
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBodyArrivingInSmallPiecesDecodesLikeTheSameBytesInOneArray() {
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      answer.append("llamas é ").append(i).append(' ');
    }
    byte[] body =
        utf8(
            "{\"model\":\"m\",\"created_at\":\"2024-06-04T21:33:31Z\",\"response\":\""
                + answer
                + "\",\"done\":true,\"eval_count\":7,\"future\":[1,{\"a\":null}]}\n");
    Trickle in = new Trickle(body, 7);

    GenerateResponse streamed = Json.read(in, GenerateResponse.class);

    assertThat(streamed).isEqualTo(Json.read(body, GenerateResponse.class));
    assertThat(streamed.response()).isEqualTo(answer.toString());
    assertThat(in.reads).isGreaterThan(body.length / 7);
    assertThat(in.closed).as("the caller owns the stream").isFalse();
  }

  @Test
  void aFailureInAStreamNamesThePathAndShowsTheBytesAroundIt() {
    StringBuilder padding = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      padding.append("{\"name\":\"m").append(i).append("\"},");
    }
    byte[] body = utf8("{\"models\":[" + padding + "{\"name\":\"x\",\"size\":\"huge\"}]}");

    JsonMappingFailure f =
        catchThrowableOfType(
            JsonMappingFailure.class, () -> Json.read(new Trickle(body, 100), TagsResponse.class));

    assertThat(f.path()).isEqualTo("/models/5000/size");
    assertThat(f.excerpt()).contains("\"size\":\"huge\"");
    assertThat(f.isTruncated()).isFalse();
  }

  @Test
  void aStreamThatEndsEarlyIsATruncatedFailure() {
    byte[] body = utf8("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel");
    JsonMappingFailure f =
        catchThrowableOfType(
            JsonMappingFailure.class, () -> Json.read(new Trickle(body, 5), ChatResponse.class));
    assertThat(f.isTruncated()).isTrue();
  }

  @Test
  void anIoErrorOfTheStreamIsNotMistakenForBadJson() {
    IOException cut = new IOException("connection reset");
    InputStream in =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ < 3) {
              return '{';
            }
            throw cut;
          }
        };
    assertThatThrownBy(() -> Json.read(in, ChatResponse.class))
        .isInstanceOf(UncheckedIOException.class)
        .hasCause(cut);
  }

  @Test
  void ollamasErrorObjectSentAsASuccessIsAnErrorBodyNotAnEmptyAnswer() {
    JsonErrorBody plain =
        catchThrowableOfType(
            JsonErrorBody.class,
            () ->
                Json.read(
                    new ByteArrayInputStream(utf8("{\"error\":\"model is loading\"}")),
                    ChatResponse.class));
    assertThat(plain.error()).isEqualTo("model is loading");

    JsonErrorBody openAi =
        catchThrowableOfType(
            JsonErrorBody.class,
            () ->
                Json.read(utf8("{\"error\":{\"message\":\"out of memory\"}}"), TagsResponse.class));
    assertThat(openAi.error()).isEqualTo("out of memory");

    // A real answer is still an answer.
    assertThat(Json.read(utf8("{\"model\":\"m\",\"done\":true}"), ChatResponse.class).done())
        .isTrue();
  }
}
