package io.ollamalan.testkit.internal;

/** Go's {@code time.ParseDuration}, with its exact error messages. */
public final class GoDuration {

  private GoDuration() {}

  /** Thrown with the exact Go error text, e.g. {@code time: missing unit in duration "10"}. */
  public static final class DurationException extends Exception {
    private static final long serialVersionUID = 1L;

    DurationException(String message) {
      super(message, null, false, false);
    }

    /** The message given at construction, never null: it becomes an API error's body. */
    @Override
    public String getMessage() {
      return String.valueOf(super.getMessage());
    }
  }

  /** Parses a Go duration string into nanoseconds. */
  public static long parse(String s) throws DurationException {
    String orig = s;
    int i = 0;
    boolean neg = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    if (i == s.length()) {
      throw invalid(orig);
    }
    double total = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      String whole = s.substring(start, i);
      String frac = "";
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fs = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        frac = s.substring(fs, i);
      }
      if (whole.isEmpty() && frac.isEmpty()) {
        throw invalid(orig);
      }
      int us = i;
      while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(us, i);
      if (unit.isEmpty()) {
        throw new DurationException("time: missing unit in duration " + quote(orig));
      }
      long scale;
      switch (unit) {
        case "ns":
          scale = 1L;
          break;
        case "us":
        case "\u00b5s":
        case "\u03bcs":
          scale = 1_000L;
          break;
        case "ms":
          scale = 1_000_000L;
          break;
        case "s":
          scale = 1_000_000_000L;
          break;
        case "m":
          scale = 60_000_000_000L;
          break;
        case "h":
          scale = 3_600_000_000_000L;
          break;
        default:
          throw new DurationException(
              "time: unknown unit " + quote(unit) + " in duration " + quote(orig));
      }
      double value =
          (whole.isEmpty() ? 0 : Double.parseDouble(whole))
              + (frac.isEmpty() ? 0 : Double.parseDouble("0." + frac));
      total += value * scale;
      if (total > Long.MAX_VALUE) {
        throw invalid(orig);
      }
    }
    long nanos = (long) total;
    return neg ? -nanos : nanos;
  }

  private static DurationException invalid(String orig) {
    return new DurationException("time: invalid duration " + quote(orig));
  }

  /** Go's {@code strconv.Quote} for the ASCII cases that matter here. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
