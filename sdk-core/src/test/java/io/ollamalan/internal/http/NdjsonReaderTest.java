package io.ollamalan.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.ollamalan.internal.http.NdjsonReader.Status;
import io.ollamalan.internal.json.Json;
import io.ollamalan.model.ChatResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {
  static final ChunkDecoder<ChatResponse> CHAT =
      (b, o, l) -> Json.read(b, o, l, ChatResponse.class);

  static NdjsonReader<ChatResponse> reader(String body, int max) {
    Buffer b = new Buffer().writeUtf8(body);
    return new NdjsonReader<>(b, max, CHAT);
  }

  static String chunk(String content, boolean done) {
    return "{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00.123456789Z\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"done\":"
        + done
        + "}";
  }

  @Test
  void readsChunksSkipsBlankLinesAndToleratesCrLf() throws IOException {
    NdjsonReader<ChatResponse> r =
        reader(chunk("a", false) + "\r\n\n  \n" + chunk("b", true) + "\n", 1 << 16);
    assertThat(r.read()).isEqualTo(Status.CHUNK);
    assertThat(r.chunk().content()).isEqualTo("a");
    assertThat(r.read()).isEqualTo(Status.CHUNK);
    assertThat(r.chunk().content()).isEqualTo("b");
    assertThat(r.chunk().done()).isTrue();
    assertThat(r.read()).isEqualTo(Status.END);
  }

  @Test
  void whatTheLastReadDidNotProduceIsRefusedNotReturnedAsNull() throws IOException {
    NdjsonReader<ChatResponse> r = reader("\n" + chunk("a", true) + "\n", 1 << 16);
    assertThatIllegalStateException().isThrownBy(r::chunk);
    assertThatIllegalStateException().isThrownBy(r::errorMessage);
    assertThatIllegalStateException().isThrownBy(r::failure);
    assertThat(r.read()).isEqualTo(Status.CHUNK);
    assertThat(r.chunk().content()).isEqualTo("a");
    assertThat(r.read()).isEqualTo(Status.END);
    assertThatIllegalStateException().isThrownBy(r::chunk);
  }

  @Test
  void aFinalObjectWithoutNewlineIsAccepted() throws IOException {
    NdjsonReader<ChatResponse> r = reader(chunk("x", true), 1 << 16);
    assertThat(r.read()).isEqualTo(Status.CHUNK);
    assertThat(r.wasLastLine()).isTrue();
  }

  @Test
  void multibyteCharactersSplitAcrossReadsSurvive() throws IOException {
    String body = chunk("h\u00e9llo \u4e16\u754c \ud83d\ude00", true) + "\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // One byte per read, so every multibyte sequence is split.
    Source trickle =
        new Source() {
          int pos;

          @Override
          public long read(Buffer sink, long byteCount) {
            if (pos >= bytes.length) {
              return -1;
            }
            sink.writeByte(bytes[pos++]);
            return 1;
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() {}
        };
    BufferedSource src = Okio.buffer(trickle);
    NdjsonReader<ChatResponse> r = new NdjsonReader<>(src, 1 << 16, CHAT);
    assertThat(r.read()).isEqualTo(Status.CHUNK);
    assertThat(r.chunk().content()).isEqualTo("h\u00e9llo \u4e16\u754c \ud83d\ude00");
  }

  @Test
  void errorLinesAreRecognisedWithOrWithoutSpaces() throws IOException {
    NdjsonReader<ChatResponse> r = reader("{ \"error\" : \"boom\" }\n", 1 << 16);
    assertThat(r.read()).isEqualTo(Status.ERROR_LINE);
    assertThat(r.errorMessage()).isEqualTo("boom");
  }

  @Test
  void aLineOverTheLimitIsReportedWithoutReadingItWhole() throws IOException {
    NdjsonReader<ChatResponse> r = reader("{\"model\":\"" + "x".repeat(5000) + "\"}\n", 1024);
    assertThat(r.read()).isEqualTo(Status.TOO_LONG);
  }

  @Test
  void garbageIsMalformedAndACutObjectIsTruncated() throws IOException {
    NdjsonReader<ChatResponse> r = reader("not json\n", 1024);
    assertThat(r.read()).isEqualTo(Status.MALFORMED);
    assertThat(r.failure().getMessage()).isNotBlank();
    assertThat(r.lineNumber()).isEqualTo(1);
    NdjsonReader<ChatResponse> cut = reader("{\"model\":\"m\",\"mess", 1024);
    assertThat(cut.read()).isEqualTo(Status.TRUNCATED);
  }
}
