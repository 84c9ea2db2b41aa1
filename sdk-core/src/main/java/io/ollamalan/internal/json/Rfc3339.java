package io.ollamalan.internal.json;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * RFC 3339 timestamps as Go's {@code time.Time} writes them: {@code 2023-08-04T19:22:45.499127Z}, 0
 * to 9 fractional digits, {@code Z} or {@code ±hh:mm}. Hand-written because it runs once per stream
 * chunk and {@code DateTimeFormatter} is several times slower.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /**
   * Parses {@code s}.
   *
   * @throws IllegalArgumentException if {@code s} is not such a timestamp
   */
  static OffsetDateTime parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || !(s.charAt(10) == 'T' || s.charAt(10) == 't')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      throw invalid(s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        nano = nano * 10 + (s.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        throw invalid(s);
      }
      for (int k = count; k < 9; k++) {
        nano *= 10;
      }
    }
    if (i >= n) {
      throw invalid(s);
    }
    ZoneOffset offset;
    char c = s.charAt(i);
    if (c == 'Z' || c == 'z') {
      offset = ZoneOffset.UTC;
      i++;
    } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int sign = c == '-' ? -1 : 1;
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } catch (DateTimeException e) {
        throw invalid(s);
      }
      i += 6;
    } else {
      throw invalid(s);
    }
    if (i != n) {
      throw invalid(s);
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    } catch (DateTimeException e) {
      throw invalid(s);
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        throw invalid(s);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return new IllegalArgumentException(
        "expected an RFC 3339 timestamp such as 2023-08-04T19:22:45.499127Z but found \""
            + shown
            + "\"");
  }
}
