package io.ollamalan.model;

/** Arithmetic on the metrics of the final response of a generation. */
final class Metrics {
  private Metrics() {}

  static double perSecond(long count, long nanos) {
    return count <= 0 || nanos <= 0 ? 0 : count * 1e9 / nanos;
  }
}
