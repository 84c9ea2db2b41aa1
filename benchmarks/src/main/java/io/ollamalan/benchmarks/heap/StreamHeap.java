package io.ollamalan.benchmarks.heap;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.fleet.FleetProcess;
import io.ollamalan.benchmarks.fleet.FleetServer;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.routing.RoutingConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Heap held per open stream: many slow streams open at once (each has delivered its first chunk and
 * waits for the next), live heap after a full GC divided by the number of streams. Raw OkHttp
 * holding the same responses open is the baseline.
 *
 * <pre>
 * java -cp benchmarks.jar io.ollamalan.benchmarks.heap.StreamHeap [--streams 500]
 *     [--tokens-per-second 2] [--out DIR]
 * </pre>
 */
public final class StreamHeap {

  private StreamHeap() {}

  /** Bytes of live heap per open stream, for one client. */
  public record Result(String target, int streams, long bytesPerStream) {}

  public static void main(String[] args) throws Exception {
    int streams = 500;
    double tokensPerSecond = 2;
    Path out = Path.of("target", "overhead");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--tokens-per-second" -> tokensPerSecond = Double.parseDouble(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    List<Result> results = new ArrayList<>();
    // Long replies at a low rate: every stream stays open for the whole measurement.
    try (FleetProcess fleet = FleetProcess.start(1, 1_000, tokensPerSecond)) {
      results.add(okhttp(fleet.url(0), streams));
      results.add(sdk(fleet.url(0), streams));
    }
    StringBuilder tsv = new StringBuilder("target\tstreams\tbytes_per_stream\n");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-7s %d open streams: %,d bytes of heap per stream%n",
          r.target(),
          r.streams(),
          r.bytesPerStream());
      tsv.append(r.target())
          .append('\t')
          .append(r.streams())
          .append('\t')
          .append(r.bytesPerStream())
          .append('\n');
    }
    Files.writeString(out.resolve("heap.tsv"), tsv.toString());
  }

  static Result okhttp(String baseUrl, int n) throws Exception {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(32, 60, TimeUnit.SECONDS))
            .readTimeout(60, TimeUnit.SECONDS)
            .build();
    byte[] body =
        ("{\"model\":\""
                + FleetServer.MODEL
                + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\""
                + ChatTarget.PROMPT
                + "\"}],\"stream\":true}")
            .getBytes(StandardCharsets.UTF_8);
    Callable<AutoCloseable> open =
        () -> {
          Call call =
              http.newCall(
                  new Request.Builder()
                      .url(baseUrl + "/api/chat")
                      .post(RequestBody.create(body, MediaType.get("application/json")))
                      .build());
          Response r = call.execute();
          long nl = r.body().source().indexOf((byte) '\n');
          r.body().source().skip(nl + 1);
          // Cancel first: closing an unfinished body alone waits to drain it.
          return () -> {
            call.cancel();
            r.close();
          };
        };
    try {
      return new Result("okhttp", n, measure(open, n));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  static Result sdk(String baseUrl, int n) throws Exception {
    // The default adaptive limit (4 per node at first) would queue most of the streams: an
    // application that holds hundreds of streams open raises it, as here.
    try (OllamaClient client =
        OllamaClient.builder()
            .nodes(baseUrl)
            .routing(
                RoutingConfig.builder()
                    .initialConcurrency(n + 16)
                    .maxConcurrency(n + 16)
                    .adaptiveConcurrency(false)
                    .build())
            .build()) {
      ChatRequest request = ChatRequest.builder(FleetServer.MODEL).user(ChatTarget.PROMPT).build();
      Callable<AutoCloseable> open =
          () -> {
            ResponseStream<ChatResponse> s = client.chatStream(request);
            s.next();
            return s;
          };
      return new Result("sdk", n, measure(open, n));
    }
  }

  /**
   * Opens one stream to warm up, then {@code n} at once; live heap before and after, per stream.
   */
  static long measure(Callable<AutoCloseable> open, int n) throws Exception {
    open.call().close();
    long before = liveHeap();
    List<AutoCloseable> held = new ArrayList<>(n);
    ExecutorService pool = Executors.newFixedThreadPool(128);
    try {
      List<Future<AutoCloseable>> opened = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        opened.add(pool.submit(open));
      }
      for (Future<AutoCloseable> f : opened) {
        held.add(f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    long after = liveHeap();
    long perStream = (after - before) / n;
    for (AutoCloseable c : held) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // Closing a stream cancels its call; the error, if any, is not what is measured.
      }
    }
    return perStream;
  }

  /** Heap in use after full collections: what is reachable, not what is garbage. */
  static long liveHeap() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
