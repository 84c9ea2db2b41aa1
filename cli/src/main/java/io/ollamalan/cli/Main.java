package io.ollamalan.cli;

import io.ollamalan.OllamaException;
import io.ollamalan.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ollama-lan}: the entry point of the runnable jar. */
@Command(
    name = "ollama-lan",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Operate a fleet of Ollama nodes.",
      "Find the nodes, watch them, see where a request goes and why, chat, pull models, print"
          + " TLS pins and load-test. Every command takes --demo to run against an embedded fake"
          + " fleet of three nodes, and --json for scripts."
    },
    footer = ExitCodes.FOOTER,
    subcommands = {
      DiscoverCommand.class,
      StatusCommand.class,
      RouteCommand.class,
      ChatCommand.class,
      PullCommand.class,
      PinCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      }
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with the CLI's exit codes and error handling, for {@code execute}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + message(e));
          if (e instanceof OllamaException oe) {
            return exitCodeOf(oe);
          }
          // The SDK rejects a bad address, pin or model name with a message that says why.
          return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILED;
        });
    cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    return cl;
  }

  /** The exit code for a failed call: unreachable when no node could be reached at all. */
  static int exitCodeOf(OllamaException e) {
    return switch (e.kind()) {
      case NO_NODE_AVAILABLE, TRANSPORT, TLS -> ExitCodes.UNREACHABLE;
      default -> ExitCodes.FAILED;
    };
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ollama-lan " + Version.VERSION};
    }
  }
}
