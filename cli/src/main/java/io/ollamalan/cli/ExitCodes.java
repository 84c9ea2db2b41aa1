package io.ollamalan.cli;

/** The exit codes of every command, for scripts. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Everything worked. */
  public static final int OK = 0;

  /** The command ran but what it did failed, on at least one node. */
  public static final int FAILED = 1;

  /** The command line was wrong (unknown option, missing argument). */
  public static final int USAGE = 2;

  /** No node could be found or reached. */
  public static final int UNREACHABLE = 3;

  /** The lines every command's help ends with. */
  static final String FOOTER =
      "%nExit codes: 0 ok, 1 the operation failed (on at least one node), 2 bad command line,"
          + " 3 no node found or reachable.";
}
