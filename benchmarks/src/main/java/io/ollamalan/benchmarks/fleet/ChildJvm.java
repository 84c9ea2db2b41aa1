package io.ollamalan.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's helper process: this JVM's own {@code java} and class path running another main
 * class, so that its CPU, heap and JIT are its own (the fleet, the gateway, a paired-slice client).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The command line: {@code java jvmOptions -cp <this class path> main args}. */
  public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Closes the child's standard input, which tells it to end, and waits up to {@code seconds} for
   * it; a child that does not end in time, or whose input cannot be closed, is killed.
   */
  public static void stop(Process process, long seconds) {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
