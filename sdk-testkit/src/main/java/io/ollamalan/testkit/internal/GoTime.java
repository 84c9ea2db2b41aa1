package io.ollamalan.testkit.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Formats timestamps the way Go's {@code time.Time} marshals to JSON (RFC 3339, trimmed nanos). */
public final class GoTime {

  private GoTime() {}

  /** {@code created_at}: UTC with a {@code Z} suffix. */
  public static String utc(Instant instant) {
    return format(instant, ZoneOffset.UTC);
  }

  /** {@code expires_at} / {@code modified_at}: the JVM's default zone with its offset. */
  public static String local(Instant instant) {
    return format(instant, ZoneId.systemDefault().getRules().getOffset(instant));
  }

  /** Formats with a fixed offset; Go prints {@code Z} for a zero offset even in a local zone. */
  public static String format(Instant instant, ZoneOffset offset) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
    StringBuilder sb = new StringBuilder(36);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    int total = offset.getTotalSeconds();
    if (total == 0) {
      sb.append('Z');
    } else {
      sb.append(total < 0 ? '-' : '+');
      int abs = Math.abs(total);
      pad(sb, abs / 3600, 2).append(':');
      pad(sb, (abs / 60) % 60, 2);
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
