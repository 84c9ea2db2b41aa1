package io.ollamalan.benchmarks.jmh;

import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.clients.LangChain4jTarget;
import io.ollamalan.benchmarks.clients.Ollama4jTarget;
import io.ollamalan.benchmarks.clients.RawOkHttpTarget;
import io.ollamalan.benchmarks.clients.SdkTarget;
import io.ollamalan.benchmarks.clients.SpringAiTarget;
import io.ollamalan.benchmarks.fleet.FleetProcess;
import io.ollamalan.benchmarks.fleet.FleetServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Non-streamed chat throughput with several client threads, every client against the same fake
 * fleet (a child JVM, loopback). {@link #okhttpRaw} is the floor; {@link #sdkOneNode} is the same
 * call through the SDK; {@link #sdkFullStack} adds discovery, routing, breakers and metrics over
 * three nodes, with {@link #okhttpRawFleet} (round-robin over the same three) as its own floor; the
 * {@code peer*} methods are the clients users pick today.
 *
 * <p>Run with {@code -prof gc}: the fleet lives in another JVM, so {@code gc.alloc.rate.norm} is
 * the client's allocation per request.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(4)
public class ChatThroughputBenchmark {

  /** Tokens in each reply: short, so that the client's own cost is what shows. */
  public static final int REPLY_TOKENS = 16;

  /** Nodes in the fleet; the one-node clients use the first. */
  public static final int NODES = 3;

  /** The fleet and the one client the running benchmark method needs. */
  @State(Scope.Benchmark)
  public static class Target {
    FleetProcess fleet;
    ChatTarget client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      fleet = FleetProcess.startOrAttach(NODES, REPLY_TOKENS);
      client = create(method, fleet);
      for (int i = 0; i < 200; i++) {
        client.chat();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      fleet.close();
    }
  }

  /**
   * CPU time of each benchmark thread per call. OkHttp and the SDK run a blocking call on the
   * caller's thread, so for them this is the client's cost per request without the fleet's share of
   * the two CPUs; clients that do their I/O on threads of their own (the JDK HttpClient under
   * LangChain4j and Spring AI) show less here than they cost.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CallerCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long calls;
    public long cpuNanos;
    private long start;

    @Setup(Level.Iteration)
    public void begin() {
      calls = 0;
      cpuNanos = 0;
      start = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void end() {
      cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
    }
  }

  static ChatTarget create(String method, FleetProcess fleet) {
    return create(method, fleet.urls());
  }

  /**
   * The client a benchmark method measures, against the fleet whose nodes are {@code urls} (the
   * one-node clients use the first): shared with the paired run, which measures the same clients.
   */
  public static ChatTarget create(String method, List<String> urls) {
    String model = FleetServer.MODEL;
    String first = urls.get(0);
    return switch (method) {
      case "okhttpRaw" -> new RawOkHttpTarget(first, model);
      case "okhttpRawFleet" -> new RawOkHttpTarget(urls, model);
      case "sdkOneNode" -> SdkTarget.oneNode(first, model);
      case "sdkFullStack" -> SdkTarget.fullStack(urls, model);
      case "sdkThreeNodes" -> SdkTarget.nodes(urls, model);
      case "sdkTransportOnly" -> SdkTarget.transportOnly(first, model);
      case "peerOllama4j" -> new Ollama4jTarget(first, model);
      case "peerLangChain4j" -> new LangChain4jTarget(first, model);
      case "peerSpringAi" -> new SpringAiTarget(first, model);
      default -> throw new IllegalArgumentException("no client for " + method);
    };
  }

  @Benchmark
  public String okhttpRaw(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  /** The floor for {@link #sdkFullStack}: the same three nodes, taken in turn. */
  @Benchmark
  public String okhttpRawFleet(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  @Benchmark
  public String sdkOneNode(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  @Benchmark
  public String sdkFullStack(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  /** The full stack's three nodes without discovery and metrics: what the fleet alone costs. */
  @Benchmark
  public String sdkThreeNodes(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  @Benchmark
  public String peerOllama4j(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  @Benchmark
  public String peerLangChain4j(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }

  @Benchmark
  public String peerSpringAi(Target t, CallerCpu cpu) {
    cpu.calls++;
    return t.client.chat();
  }
}
