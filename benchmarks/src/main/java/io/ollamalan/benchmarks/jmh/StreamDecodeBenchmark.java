package io.ollamalan.benchmarks.jmh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.benchmarks.clients.CannedNdjson;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming decode on one thread, in chunks per second: the SDK's {@code chatStream} (its NDJSON
 * framing and JSON mapping, the body served from memory by an interceptor) next to the same lines
 * split with okio and mapped by Jackson.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class StreamDecodeBenchmark {

  /** Chunks in each stream; one benchmark operation is one chunk. */
  public static final int CHUNKS = 2000;

  static final String MODEL = "llama3.2:latest";

  /** One chunk as a hand-written mapping would see it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Chunk(
      String model, @JsonProperty("created_at") String createdAt, Msg message, boolean done) {}

  /** The message of a chunk. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Msg(String role, String content) {}

  /** The canned stream and a client that reads it from memory. */
  @State(Scope.Thread)
  public static class Streams {
    byte[] body;
    OllamaClient client;
    ChatRequest request;
    final ObjectReader reader = new ObjectMapper().readerFor(Chunk.class);

    @Setup(Level.Trial)
    public void setUp() {
      body = CannedNdjson.chatStream(MODEL, CHUNKS);
      CannedNdjson canned = new CannedNdjson(MODEL, body);
      client =
          OllamaClient.builder()
              .nodes("http://127.0.0.1:9")
              .customizeHttpClient(b -> b.addInterceptor(canned))
              .build();
      request = ChatRequest.builder(MODEL).user("why is the sky blue?").build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long jacksonLines(Streams s) throws IOException {
    Buffer source = new Buffer().write(s.body);
    byte[] line = new byte[8192];
    long tokens = 0;
    long nl;
    while ((nl = source.indexOf((byte) '\n')) >= 0) {
      int len = (int) nl;
      if (line.length < len) {
        line = new byte[len * 2];
      }
      for (int off = 0; off < len; ) {
        off += source.read(line, off, len - off);
      }
      source.skip(1);
      Chunk c = s.reader.readValue(line, 0, len);
      tokens += c.message().content().length();
    }
    return tokens;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long sdkChatStream(Streams s) {
    long tokens = 0;
    try (ResponseStream<ChatResponse> stream = s.client.chatStream(s.request)) {
      while (stream.hasNext()) {
        tokens += stream.next().content().length();
      }
    }
    return tokens;
  }
}
