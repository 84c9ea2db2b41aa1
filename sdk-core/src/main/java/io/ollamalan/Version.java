package io.ollamalan;

/**
 * The SDK's version, as sent in the User-Agent header and reported by the observability bindings.
 */
public final class Version {
  /** The version of this SDK. */
  public static final String VERSION = "0.1.0";

  private Version() {}
}
