package io.ollamalan.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One progress object of pull, push or create; when not streaming, the node answers the last one
 * (normally {@code {"status":"success"}}).
 */
public final class ProgressResponse {
  /** The status of the last object of a successful operation. */
  public static final String SUCCESS = "success";

  private final @Nullable String status;
  private final @Nullable String digest;
  private final long total;
  private final long completed;
  private final Map<String, Object> unknownFields;

  private ProgressResponse(Builder b) {
    this.status = b.status;
    this.digest = b.digest;
    this.total = b.total;
    this.completed = b.completed;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this progress object's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.status = status;
    b.digest = digest;
    b.total = total;
    b.completed = completed;
    b.unknownFields = unknownFields;
    return b;
  }

  /**
   * What is happening, e.g. {@code "pulling manifest"}, {@code "pulling 8eeb52dfb3bb"}, {@code
   * "success"}; null when absent.
   */
  public @Nullable String status() {
    return status;
  }

  /** The layer being transferred, {@code "sha256:..."}, or null. */
  public @Nullable String digest() {
    return digest;
  }

  /** The layer's size in bytes; 0 when absent. */
  public long total() {
    return total;
  }

  /** Bytes done; 0 when absent. */
  public long completed() {
    return completed;
  }

  /**
   * The fields of the JSON object that this SDK does not know (for example ones a newer Ollama
   * added), by wire name in the order received, as plain Java values: String, Boolean,
   * Long/Integer/BigInteger, Double, List, Map or null. Empty when every field was recognised;
   * never null.
   */
  public Map<String, Object> unknownFields() {
    return unknownFields;
  }

  /** {@code completed / total} in 0..1, or 0 when the total is unknown. */
  public double fraction() {
    return total <= 0 ? 0 : Math.min(1.0, (double) completed / total);
  }

  /** Whether this is the final {@code "success"} object. */
  public boolean isSuccess() {
    return SUCCESS.equals(status);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof ProgressResponse)) {
      return false;
    }
    ProgressResponse that = (ProgressResponse) o;
    return Objects.equals(status, that.status)
        && Objects.equals(digest, that.digest)
        && total == that.total
        && completed == that.completed
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, digest, total, completed, unknownFields);
  }

  @Override
  public String toString() {
    return "ProgressResponse["
        + "status="
        + status
        + ", digest="
        + digest
        + ", total="
        + total
        + ", completed="
        + completed
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link ProgressResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String status;
    private @Nullable String digest;
    private long total;
    private long completed;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link ProgressResponse#status()}. */
    public Builder status(@Nullable String status) {
      this.status = status;
      return this;
    }

    /** Sets {@link ProgressResponse#digest()}. */
    public Builder digest(@Nullable String digest) {
      this.digest = digest;
      return this;
    }

    /** Sets {@link ProgressResponse#total()}. */
    public Builder total(long total) {
      this.total = total;
      return this;
    }

    /** Sets {@link ProgressResponse#completed()}. */
    public Builder completed(long completed) {
      this.completed = completed;
      return this;
    }

    /**
     * Sets {@link ProgressResponse#unknownFields()}, e.g. for a fake that answers like a newer
     * node; deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public ProgressResponse build() {
      return new ProgressResponse(this);
    }
  }
}
