package io.ollamalan.model;

/**
 * One progress object of pull, push or create; when not streaming, the node answers the last one
 * (normally {@code {"status":"success"}}).
 *
 * @param status what is happening, e.g. {@code "pulling manifest"}, {@code "pulling 8eeb52dfb3bb"},
 *     {@code "success"}
 * @param digest the layer being transferred, {@code "sha256:..."}, or null
 * @param total the layer's size in bytes; 0 when absent
 * @param completed bytes done; 0 when absent
 */
public record ProgressResponse(String status, String digest, long total, long completed) {

  /** The status of the last object of a successful operation. */
  public static final String SUCCESS = "success";

  /** {@code completed / total} in 0..1, or 0 when the total is unknown. */
  public double fraction() {
    return total <= 0 ? 0 : Math.min(1.0, (double) completed / total);
  }

  /** Whether this is the final {@code "success"} object. */
  public boolean isSuccess() {
    return SUCCESS.equals(status);
  }
}
