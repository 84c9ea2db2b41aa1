package io.ollamalan.cli;

import java.util.Locale;

/** What the live views need from a terminal: whether there is one, and ANSI sequences. */
final class Terminal {
  static final String CLEAR = "\033[H\033[2J";
  static final String CLEAR_LINE = "\033[2K\r";

  private Terminal() {}

  /** Whether stdout is an interactive terminal (and {@code OLLAMA_LAN_PLAIN} is not set). */
  static boolean interactive() {
    return System.console() != null && System.getenv("OLLAMA_LAN_PLAIN") == null;
  }

  static String up(int lines) {
    return lines <= 0 ? "" : "\033[" + lines + "A";
  }

  /** A bar of {@code width} cells filled to {@code fraction}. */
  static String bar(double fraction, int width) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static String pad(String s, int width) {
    if (s.length() > width) {
      return s.substring(0, Math.max(0, width - 1)) + "…";
    }
    return s + " ".repeat(width - s.length());
  }
}
