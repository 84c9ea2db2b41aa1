package io.ollamalan.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ollamalan.internal.http.NdjsonReader.Status;
import io.ollamalan.internal.json.Json;
import io.ollamalan.model.ChatResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * Fuzzes the stream decoder with Jazzer. Runs in its own surefire execution with {@code
 * JAZZER_FUZZ=1}, bounded by {@code maxDuration}; the seeds beside it are replayed first.
 */
class NdjsonReaderFuzzTest {
  static final ChunkDecoder<ChatResponse> CHAT =
      (b, o, l) -> Json.read(b, o, l, ChatResponse.class);

  /**
   * Any bytes: the reader answers with a status or an IOException, never another exception, and
   * stops.
   */
  @FuzzTest(maxDuration = "15s")
  void anyInputEndsInAStatusNeverACrash(FuzzedDataProvider data) {
    int max = data.consumeInt(16, 4096);
    byte[] bytes = data.consumeRemainingAsBytes();
    NdjsonReader<ChatResponse> r = new NdjsonReader<>(new Buffer().write(bytes), max, CHAT);
    List<Status> seen = new ArrayList<>();
    try {
      for (int i = 0; i <= bytes.length + 1; i++) {
        Status s = r.read();
        seen.add(s);
        if (s != Status.CHUNK) {
          break;
        }
        assertThat(r.chunk()).isNotNull();
      }
    } catch (IOException e) {
      return;
    }
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1)).isNotEqualTo(Status.CHUNK);
  }
}
