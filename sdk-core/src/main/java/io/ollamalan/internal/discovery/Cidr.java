package io.ollamalan.internal.discovery;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 192.168.1.0/24}, {@code fd00::/120}), or a
 * single address. Never resolves names: only address literals are accepted.
 *
 * @param network the first address of the range
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /**
   * Parses {@code address/prefix} or a lone address (a range of one).
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "CIDR range is empty: give e.g. 192.168.1.0/24 or fd00::/120");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    InetAddress a = literal(addr, s);
    int bits = a.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      try {
        prefix = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "CIDR range '"
                + s
                + "' has prefix length '"
                + p
                + "': expected a number in 0.."
                + bits);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "CIDR range '"
                + s
                + "' has prefix length "
                + prefix
                + ", outside 0.."
                + bits
                + " for "
                + (bits == 32 ? "IPv4" : "IPv6"));
      }
    }
    BigInteger value = new BigInteger(1, a.getAddress());
    BigInteger masked = value.and(mask(bits, prefix));
    if (!masked.equals(value)) {
      throw new IllegalArgumentException(
          "CIDR range '"
              + s
              + "' has host bits set: did you mean "
              + toAddress(masked, bits).getHostAddress()
              + "/"
              + prefix
              + "?");
    }
    return new Cidr(a, prefix);
  }

  private static InetAddress literal(String addr, String whole) {
    boolean v4 = IPV4.matcher(addr).matches();
    boolean v6 = addr.indexOf(':') >= 0 && addr.matches("[0-9A-Fa-f:.]+");
    if (v4) {
      for (String octet : addr.split("\\.", -1)) {
        if (Integer.parseInt(octet) > 255) {
          throw new IllegalArgumentException(
              "CIDR range '" + whole + "' has octet " + octet + " above 255");
        }
      }
    }
    if (!v4 && !v6) {
      throw new IllegalArgumentException(
          "CIDR range '"
              + whole
              + "': '"
              + addr
              + "' is not an IPv4 or IPv6 address literal (names are not resolved here)");
    }
    try {
      // A literal: no lookup happens.
      return InetAddress.getByName(addr);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "CIDR range '" + whole + "': '" + addr + "' is not a valid IP address", e);
    }
  }

  /** The number of addresses in the range. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(bits() - prefix);
  }

  /** 32 or 128. */
  public int bits() {
    return network.getAddress().length * 8;
  }

  /**
   * The addresses worth probing, in order: all of them, except an IPv4 range's network and
   * broadcast addresses when it has more than two.
   *
   * @throws IllegalArgumentException when there are more than {@code limit}
   */
  public List<InetAddress> hosts(int limit) {
    BigInteger size = size();
    if (size.compareTo(BigInteger.valueOf(limit)) > 0) {
      throw new IllegalArgumentException(
          "CIDR range "
              + this
              + " has "
              + size
              + " addresses, more than the limit of "
              + limit
              + ": narrow the range or raise the limit");
    }
    BigInteger first = new BigInteger(1, network.getAddress());
    int n = size.intValue();
    int from = 0;
    int to = n;
    if (bits() == 32 && n > 2) {
      from = 1;
      to = n - 1;
    }
    List<InetAddress> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(toAddress(first.add(BigInteger.valueOf(i)), bits()));
    }
    return out;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }

  private static BigInteger mask(int bits, int prefix) {
    return BigInteger.ONE
        .shiftLeft(bits)
        .subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
  }

  private static InetAddress toAddress(BigInteger v, int bits) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[bits / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
