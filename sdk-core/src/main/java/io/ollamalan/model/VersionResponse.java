package io.ollamalan.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The response of {@code GET /api/version}. */
public final class VersionResponse {
  private final @Nullable String version;
  private final Map<String, Object> unknownFields;

  private VersionResponse(Builder b) {
    this.version = b.version;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.unknownFields = unknownFields;
    return b;
  }

  /** E.g. {@code "0.33.0"}; source builds report {@code "0.0.0"}; null when absent. */
  public @Nullable String version() {
    return version;
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

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof VersionResponse)) {
      return false;
    }
    VersionResponse that = (VersionResponse) o;
    return Objects.equals(version, that.version) && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, unknownFields);
  }

  @Override
  public String toString() {
    return "VersionResponse["
        + "version="
        + version
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link VersionResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String version;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link VersionResponse#version()}. */
    public Builder version(@Nullable String version) {
      this.version = version;
      return this;
    }

    /**
     * Sets {@link VersionResponse#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public VersionResponse build() {
      return new VersionResponse(this);
    }
  }
}
