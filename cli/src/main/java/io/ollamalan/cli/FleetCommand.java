package io.ollamalan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** What every command shares: the fleet options, stdout and stderr, and cleaning up. */
abstract class FleetCommand implements Callable<Integer> {
  @Mixin FleetOptions fleet;

  @Spec CommandLine.Model.CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Runs the command; the demo fleet is stopped afterwards. */
  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } finally {
      fleet.close();
    }
  }

  abstract int run() throws Exception;
}
