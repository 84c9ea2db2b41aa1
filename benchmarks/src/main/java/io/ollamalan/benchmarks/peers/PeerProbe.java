package io.ollamalan.benchmarks.peers;

import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.clients.LangChain4jTarget;
import io.ollamalan.benchmarks.clients.Ollama4jTarget;
import io.ollamalan.benchmarks.clients.RawOkHttpTarget;
import io.ollamalan.benchmarks.clients.SdkTarget;
import io.ollamalan.benchmarks.clients.SpringAiTarget;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Throughput of each client against a real HTTP server, in a closed loop: a local nginx answers
 * every Ollama endpoint with a fixed body on loopback (three ports for the three-node fleet), and
 * every client runs the same number of threads for the same time, round after round, interleaved,
 * so that a noisy neighbour hits every client alike. Prints calls per second per round, the median,
 * and the median over the rounds of each round's ratio to raw OkHttp + Jackson on one node.
 *
 * <pre>
 * java -cp benchmarks.jar io.ollamalan.benchmarks.peers.PeerProbe \
 *     [--threads 4] [--seconds 5] [--warmup 10] [--rounds 3] [--targets raw,sdk,...]
 * </pre>
 */
public final class PeerProbe {
  static final String MODEL = "llama3.2:latest";

  static final String CHAT =
      "{\"model\":\"llama3.2:latest\",\"created_at\":\"2025-01-01T00:00:00.000000000Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"The sky is blue because of"
          + " Rayleigh scattering.\"},\"done_reason\":\"stop\",\"done\":true,"
          + "\"total_duration\":512345678,\"load_duration\":1234567,\"prompt_eval_count\":26,"
          + "\"prompt_eval_duration\":123456789,\"eval_count\":12,"
          + "\"eval_duration\":345678901}";
  static final String VERSION = "{\"version\":\"0.9.0\"}";
  static final String TAGS =
      "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\","
          + "\"modified_at\":\"2025-01-01T00:00:00Z\",\"size\":2019393189,\"digest\":"
          + "\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\","
          + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
          + "\"families\":[\"llama\"],\"parameter_size\":\"3.2B\","
          + "\"quantization_level\":\"Q4_K_M\"}}]}";
  static final String PS =
      "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\","
          + "\"size\":2019393189,\"digest\":"
          + "\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\","
          + "\"details\":{\"format\":\"gguf\",\"family\":\"llama\"},"
          + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"size_vram\":2019393189}]}";

  private PeerProbe() {}

  public static void main(String[] args) throws Exception {
    int threads = intArg(args, "--threads", 4);
    int seconds = intArg(args, "--seconds", 5);
    int warmup = intArg(args, "--warmup", 10);
    int rounds = intArg(args, "--rounds", 3);
    List<String> only = Arrays.asList(strArg(args, "--targets", "").split(","));
    Path dir = Files.createTempDirectory("peer-probe-nginx");
    int[] ports = {freePort(), freePort(), freePort()};
    Process nginx = startNginx(dir, ports);
    try {
      List<String> urls = new ArrayList<>();
      for (int p : ports) {
        urls.add("http://127.0.0.1:" + p);
      }
      String one = urls.get(0);
      Map<String, Supplier<ChatTarget>> targets = new LinkedHashMap<>();
      targets.put("raw-okhttp", () -> new RawOkHttpTarget(one, MODEL));
      targets.put("sdk-1-node", () -> SdkTarget.oneNode(one, MODEL));
      targets.put("sdk-3-nodes", () -> SdkTarget.fullStack(urls, MODEL));
      targets.put("langchain4j", () -> new LangChain4jTarget(one, MODEL));
      targets.put("spring-ai", () -> new SpringAiTarget(one, MODEL));
      targets.put("ollama4j", () -> new Ollama4jTarget(one, MODEL));
      if (!only.equals(List.of(""))) {
        targets.keySet().removeIf(k -> !k.equals("raw-okhttp") && !only.contains(k));
      }
      Map<String, ChatTarget> open = new LinkedHashMap<>();
      for (var e : targets.entrySet()) {
        ChatTarget t = e.getValue().get();
        open.put(e.getKey(), t);
        t.chat();
      }
      System.out.printf(
          "peer probe: %d threads, closed loop, %d s per target per round after %d s warm-up,"
              + " %d rounds interleaved; nginx %s on loopback%n",
          threads, seconds, warmup, rounds, nginxVersion());
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      for (var e : open.entrySet()) {
        run(e.getValue(), threads, warmup);
        rates.put(e.getKey(), new ArrayList<>());
      }
      List<String> order = new ArrayList<>(open.keySet());
      for (int r = 1; r <= rounds; r++) {
        for (String name : order) {
          // The garbage of the client before (up to 100 KB a call for some peers) is collected
          // now, not inside the next client's time; and the order rotates, so that no client
          // always runs first after the heaviest one.
          System.gc();
          double rate = run(open.get(name), threads, seconds);
          rates.get(name).add(rate);
          System.out.printf("round %d %-12s %10.0f calls/s%n", r, name, rate);
        }
        Collections.rotate(order, -1);
      }
      // Each round's rate against raw OkHttp's in the same round, then the median of those: the
      // machine's load moving between rounds is not read as a difference between clients.
      List<Double> raw = rates.get("raw-okhttp");
      System.out.println();
      System.out.printf("%-12s %10s %8s  %s%n", "target", "median/s", "vs raw", "rounds");
      for (var e : rates.entrySet()) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < e.getValue().size(); r++) {
          ratios.add(e.getValue().get(r) / raw.get(r));
        }
        System.out.printf(
            "%-12s %10.0f %7.2fx  %s%n",
            e.getKey(), median(e.getValue()), median(ratios), format(e.getValue()));
      }
      for (ChatTarget t : open.values()) {
        t.close();
      }
    } finally {
      nginx.destroy();
      nginx.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Calls per second of {@code threads} callers over {@code seconds}; every call must succeed. */
  static double run(ChatTarget target, int threads, int seconds) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    try {
                      if (target.chat() == null) {
                        failures.incrementAndGet();
                      }
                      calls.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                    }
                  }
                } finally {
                  done.countDown();
                }
              },
              "probe-" + i);
      t.setDaemon(true);
      t.start();
    }
    long start = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop.set(true);
    long n = calls.get();
    long elapsed = System.nanoTime() - start;
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("callers did not stop within 60 s");
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " calls failed");
    }
    return n / (elapsed / 1e9);
  }

  static Process startNginx(Path dir, int[] ports) throws IOException, InterruptedException {
    StringBuilder servers = new StringBuilder();
    for (int p : ports) {
      servers
          .append("  server {\n    listen 127.0.0.1:")
          .append(p)
          .append(";\n    default_type application/json;\n")
          .append(location("/api/chat", CHAT))
          .append(location("/api/version", VERSION))
          .append(location("/api/tags", TAGS))
          .append(location("/api/ps", PS))
          .append("  }\n");
    }
    String conf =
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid "
            + dir.resolve("nginx.pid")
            + ";\nerror_log "
            + dir.resolve("error.log")
            + " warn;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n"
            + "  keepalive_requests 1000000;\n  keepalive_timeout 120s;\n"
            + "  client_body_temp_path "
            + dir.resolve("body")
            + ";\n  proxy_temp_path "
            + dir.resolve("proxy")
            + ";\n  fastcgi_temp_path "
            + dir.resolve("fastcgi")
            + ";\n  uwsgi_temp_path "
            + dir.resolve("uwsgi")
            + ";\n  scgi_temp_path "
            + dir.resolve("scgi")
            + ";\n"
            + servers
            + "}\n";
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process p =
        new ProcessBuilder(nginx(), "-p", dir.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "nginx exited: " + Files.readString(dir.resolve("stdout.log")));
      }
      if (listening(ports)) {
        return p;
      }
      Thread.sleep(20);
    }
    p.destroy();
    throw new IllegalStateException("nginx did not listen within 10 s");
  }

  private static String location(String path, String body) {
    return "    location = " + path + " { return 200 '" + body + "'; }\n";
  }

  private static boolean listening(int[] ports) {
    for (int p : ports) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", p)) {
        s.getPort();
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  static String nginx() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "nginx not found: install the Debian package nginx-light (apt-get install nginx-light)");
  }

  private static String nginxVersion() {
    try {
      Process p = new ProcessBuilder(nginx(), "-v").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return v.replace("nginx version: ", "");
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String format(List<Double> xs) {
    StringBuilder sb = new StringBuilder();
    for (double x : xs) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format("%.0f", x));
    }
    return sb.toString();
  }

  private static int intArg(String[] args, String name, int def) {
    String v = strArg(args, name, null);
    return v == null ? def : Integer.parseInt(v);
  }

  private static String strArg(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}
