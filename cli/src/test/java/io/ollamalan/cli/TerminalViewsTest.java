package io.ollamalan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live views in a real terminal: the CLI runs in its own JVM inside a tmux pane, and the test
 * reads the screen with {@code capture-pane} and types with {@code send-keys}.
 */
class TerminalViewsTest {
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  private static final Duration BOUND = Duration.ofSeconds(90);

  private String tmux;
  private String socket;

  @BeforeEach
  void findTmux() {
    tmux = requireProgram("tmux", "tmux");
    socket = "ollama-lan-test-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();
  }

  @AfterEach
  void killServer() {
    if (tmux != null) {
      run(tmux, "-L", socket, "kill-server");
    }
  }

  @Test
  void statusRefreshesItsTableInPlaceUntilCtrlC() {
    start("status", "--demo", "--interval", "300ms");

    await().atMost(BOUND).until(() -> refreshOf(screen()) >= 2 && upRows(screen()) == 3);
    int first = refreshOf(screen());
    await().atMost(BOUND).until(() -> refreshOf(screen()) >= first + 2);
    String screen = screen();
    // Cleared and redrawn, not scrolled: one header on the screen.
    assertThat(screen.split("ollama-lan status:", -1)).hasSize(2);
    assertThat(screen).contains("LOADED (VRAM)", "IN FLIGHT", "BREAKER", "LIMIT");
    assertThat(screen).contains("llama3.2:latest 1.9 GiB").contains("CLOSED");
    // The demo's traffic shows up as calls in flight.
    await().atMost(BOUND).until(() -> maxInFlight(screen()) > 0);

    run(tmux, "-L", socket, "send-keys", "-t", "cli", "C-c");
    await().atMost(BOUND).until(() -> !sessionAlive());
  }

  @Test
  void chatStreamsAnswersAndShowsTheNodeUntilQuit() {
    start("chat", "--demo");

    await().atMost(BOUND).until(() -> screen().contains("Chatting with llama3.2:latest"));
    await().atMost(BOUND).until(() -> screen().stripTrailing().endsWith(">"));
    type("Hello fleet");
    Pattern answered = Pattern.compile("\\[http://127\\.0\\.0\\.1[123]:\\d+, 24 tokens, ");
    await().atMost(BOUND).until(() -> answered.matcher(screen()).find());
    String node = nodeOf(screen(), 1);

    type("And a second turn");
    await().atMost(BOUND).until(() -> countMatches(answered, screen()) == 2);
    // The conversation's affinity key keeps it on its node.
    assertThat(nodeOf(screen(), 2)).isEqualTo(node);

    type("/quit");
    await().atMost(BOUND).until(() -> !sessionAlive());
  }

  @Test
  void pullDrawsOneProgressBarPerNodeInPlace() {
    startThenWait("pull", "--demo", DemoFleet.PULLABLE_MODEL);

    await().atMost(BOUND).until(() -> screen().contains("EXIT=0"));
    String screen = screen();
    Pattern bar = Pattern.compile("(?m)^http://127\\.0\\.0\\.1[123]:\\d+ +\\[[#.]{30}\\] +\\d+%");
    // Each node reported several progress lines, yet the screen holds one bar per node.
    assertThat(countMatches(bar, screen)).as(screen).isEqualTo(3);
    assertThat(
            countMatches(Pattern.compile("(?m)^http://\\S+ +\\[#{30}\\] 100%  success$"), screen))
        .as(screen)
        .isEqualTo(3);
    assertThat(screen).contains("3 succeeded, 0 failed, 0 skipped");
  }

  /** Runs the CLI, then prints its exit code and keeps the pane open to be read. */
  private void startThenWait(String... args) {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.add("-cp");
    java.add(System.getProperty("java.class.path"));
    java.add(Main.class.getName());
    java.addAll(List.of(args));
    String script = String.join(" ", java) + "; echo EXIT=$?; sleep 60";
    String out =
        run(
            tmux,
            "-L",
            socket,
            "new-session",
            "-d",
            "-s",
            "cli",
            "-x",
            "200",
            "-y",
            "40",
            "sh",
            "-c",
            script);
    assertThat(sessionAlive()).as("tmux session did not start: " + out).isTrue();
  }

  private void start(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(tmux);
    cmd.add("-L");
    cmd.add(socket);
    cmd.add("new-session");
    cmd.add("-d");
    cmd.add("-s");
    cmd.add("cli");
    cmd.add("-x");
    cmd.add("200");
    cmd.add("-y");
    cmd.add("40");
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    String out = run(cmd.toArray(String[]::new));
    assertThat(sessionAlive()).as("tmux session did not start: " + out).isTrue();
  }

  private void type(String line) {
    run(tmux, "-L", socket, "send-keys", "-t", "cli", "-l", line);
    run(tmux, "-L", socket, "send-keys", "-t", "cli", "Enter");
  }

  private String screen() {
    return run(tmux, "-L", socket, "capture-pane", "-p", "-t", "cli");
  }

  private boolean sessionAlive() {
    try {
      Process p = new ProcessBuilder(tmux, "-L", socket, "has-session", "-t", "cli").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int refreshOf(String screen) {
    Matcher m = Pattern.compile("refresh (\\d+)").matcher(screen);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static int upRows(String screen) {
    return countMatches(Pattern.compile("(?m)^http://127\\.0\\.0\\.1[123]:\\d+ +UP "), screen);
  }

  private static int maxInFlight(String screen) {
    // NODE STATE VERSION LOADED... IN-FLIGHT BREAKER: the number before the breaker state.
    Matcher m =
        Pattern.compile("(?m)^http://\\S+ .* (\\d+) (CLOSED|OPEN|HALF_OPEN)").matcher(screen);
    int max = 0;
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }

  private static String nodeOf(String screen, int answer) {
    Matcher m = Pattern.compile("\\[(http://[^,]+), ").matcher(screen);
    String node = null;
    for (int i = 0; i < answer && m.find(); i++) {
      node = m.group(1);
    }
    return node;
  }

  private static int countMatches(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The program's path, or a skip naming the Debian package (a failure under CI=true). */
  static String requireProgram(String program, String debianPackage) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    String message = program + " is not installed: apt-get install -y " + debianPackage;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (CI=true: a missing prerequisite is a failure)");
    }
    assumeTrue(false, message);
    return null;
  }

  private static String run(String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("TERM", "xterm-256color");
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out: " + String.join(" ", command);
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
