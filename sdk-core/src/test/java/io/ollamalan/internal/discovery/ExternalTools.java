package io.ollamalan.internal.discovery;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the real programs integration tests need. A missing program skips the test with
 * the Debian package to install, except on CI ({@code CI=true}), where it fails the test.
 */
public final class ExternalTools {
  private ExternalTools() {}

  static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The absolute path of {@code program}, or a skip (a failure on CI) naming the package. */
  public static String require(String program, String debianPackage) {
    for (String dir :
        List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    unavailable(program + " is not installed: apt-get install -y " + debianPackage);
    return null;
  }

  /** Root is needed to change interfaces, routes and namespaces. */
  public static void requireRoot(String why) {
    Result r = run("id", "-u");
    if (!r.output().strip().equals("0")) {
      unavailable("needs root to " + why);
    }
  }

  private static void unavailable(String message) {
    if (onCi()) {
      fail(message + " (CI=true: a missing prerequisite is a failure)");
    }
    assumeTrue(false, message);
  }

  /** What a command printed (stdout and stderr) and its exit code. */
  public record Result(int exit, String output) {
    public Result orFail(String... command) {
      if (exit != 0) {
        fail(String.join(" ", command) + " exited " + exit + ": " + output);
      }
      return this;
    }
  }

  /** Runs a command to completion, at most 20 s. */
  public static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return new Result(-1, String.join(" ", command) + " timed out");
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** Runs a command and fails the test if it exits non-zero. */
  public static Result runOrFail(String... command) {
    return run(command).orFail(command);
  }

  /** A port free for both TCP and UDP on {@code host}. */
  public static int freePort(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      for (int i = 0; i < 50; i++) {
        try (ServerSocket s = new ServerSocket(0, 1, a)) {
          int port = s.getLocalPort();
          try (DatagramSocket d = new DatagramSocket(port, a)) {
            return d.getLocalPort();
          } catch (IOException taken) {
            // Try another.
          }
        }
      }
      throw new IOException("no free port on " + host);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a process we started, politely first. */
  public static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
