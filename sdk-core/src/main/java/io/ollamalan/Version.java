package io.ollamalan;

/** The SDK's version, as sent in the User-Agent header. */
final class Version {
  static final String VERSION = "0.1.0";

  private Version() {}
}
