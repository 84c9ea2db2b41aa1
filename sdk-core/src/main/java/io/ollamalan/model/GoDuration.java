package io.ollamalan.model;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}, limited to what keep-alive needs.
 */
final class GoDuration {
  private GoDuration() {}

  private static final long NS = 1L;
  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  /**
   * Parses a Go duration; overflow saturates (a keep-alive that long is forever anyway).
   *
   * @return nanoseconds, negative for negative durations
   */
  static long parseNanos(String s) {
    String orig = s;
    int i = 0;
    int n = s.length();
    boolean negative = false;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    if (i == n) {
      throw invalid(orig);
    }
    double total = 0;
    while (i < n) {
      int start = i;
      long whole = 0;
      boolean overflow = false;
      while (i < n && isDigit(s.charAt(i))) {
        if (whole > (Long.MAX_VALUE - 9) / 10) {
          overflow = true;
        } else {
          whole = whole * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      boolean wholeDigits = i > start;
      double fraction = 0;
      boolean fractionDigits = false;
      if (i < n && s.charAt(i) == '.') {
        i++;
        double scale = 0.1;
        while (i < n && isDigit(s.charAt(i))) {
          fraction += (s.charAt(i) - '0') * scale;
          scale /= 10;
          fractionDigits = true;
          i++;
        }
      }
      if (!wholeDigits && !fractionDigits) {
        throw invalid(orig);
      }
      int unitStart = i;
      while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (unitStart == i) {
        throw new IllegalArgumentException(
            "time: missing unit in duration \""
                + orig
                + "\" (a keep-alive string needs a unit such as \"10s\" or \"5m\";"
                + " send a number for seconds)");
      }
      String unit = s.substring(unitStart, i);
      long unitNanos = unitNanos(unit, orig);
      total += (overflow ? Double.MAX_VALUE : (double) whole) * unitNanos + fraction * unitNanos;
    }
    long nanos = total >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(total);
    return negative ? -nanos : nanos;
  }

  private static long unitNanos(String unit, String orig) {
    switch (unit) {
      case "ns":
        return NS;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return US;
      case "ms":
        return MS;
      case "s":
        return S;
      case "m":
        return M;
      case "h":
        return H;
      default:
        throw new IllegalArgumentException(
            "time: unknown unit \""
                + unit
                + "\" in duration \""
                + orig
                + "\" (valid units are ns, us, ms, s, m, h)");
    }
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException(
        "time: invalid duration \""
            + orig
            + "\" (expected a Go duration such as \"5m\" or \"1h30m\")");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Formats like Go's {@code Duration.String} for non-negative values: "1h2m3.5s", "1.5ms". */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (nanos < S) {
      if (nanos < US) {
        return nanos + "ns";
      }
      if (nanos < MS) {
        return fraction(sb, nanos, US).append("\u00b5s").toString();
      }
      return fraction(sb, nanos, MS).append("ms").toString();
    }
    long hours = nanos / H;
    long rest = nanos % H;
    long minutes = rest / M;
    rest %= M;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return fraction(sb, rest, S).append('s').toString();
  }

  private static StringBuilder fraction(StringBuilder sb, long value, long unit) {
    sb.append(value / unit);
    long frac = value % unit;
    if (frac != 0) {
      String digits = String.valueOf(unit + frac).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb;
  }
}
