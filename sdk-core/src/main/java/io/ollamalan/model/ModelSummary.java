package io.ollamalan.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One locally available model, as listed by {@code GET /api/tags}. */
public final class ModelSummary {
  private final @Nullable String name;
  private final @Nullable String model;
  private final @Nullable OffsetDateTime modifiedAt;
  private final long size;
  private final @Nullable String digest;
  private final @Nullable ModelDetails details;
  private final List<String> capabilities;
  private final Map<String, Object> unknownFields;

  private ModelSummary(Builder b) {
    this.name = b.name;
    this.model = b.model;
    this.modifiedAt = b.modifiedAt;
    this.size = b.size;
    this.digest = b.digest;
    this.details = b.details;
    this.capabilities = Values.list(b.capabilities, "capabilities");
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this summary's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.model = model;
    b.modifiedAt = modifiedAt;
    b.size = size;
    b.digest = digest;
    b.details = details;
    b.capabilities = capabilities;
    b.unknownFields = unknownFields;
    return b;
  }

  /** The display name with tag, e.g. {@code "llama3.2:latest"}. */
  public @Nullable String name() {
    return name;
  }

  /** Same as {@code name}. */
  public @Nullable String model() {
    return model;
  }

  /** When the model was last modified, in the node's local zone; null when absent. */
  public @Nullable OffsetDateTime modifiedAt() {
    return modifiedAt;
  }

  /** Bytes on disk. */
  public long size() {
    return size;
  }

  /** Sha256 of the manifest, 64 hex characters without {@code sha256:}. */
  public @Nullable String digest() {
    return digest;
  }

  /** Format, family, size and quantization; may be null. */
  public @Nullable ModelDetails details() {
    return details;
  }

  /** E.g. {@code completion}, {@code tools}, {@code embedding} (Ollama v0.30+); never null. */
  public List<String> capabilities() {
    return capabilities;
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
    if (!(o instanceof ModelSummary)) {
      return false;
    }
    ModelSummary that = (ModelSummary) o;
    return Objects.equals(name, that.name)
        && Objects.equals(model, that.model)
        && Objects.equals(modifiedAt, that.modifiedAt)
        && size == that.size
        && Objects.equals(digest, that.digest)
        && Objects.equals(details, that.details)
        && Objects.equals(capabilities, that.capabilities)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, model, modifiedAt, size, digest, details, capabilities, unknownFields);
  }

  @Override
  public String toString() {
    return "ModelSummary["
        + "name="
        + name
        + ", model="
        + model
        + ", modifiedAt="
        + modifiedAt
        + ", size="
        + size
        + ", digest="
        + digest
        + ", details="
        + details
        + ", capabilities="
        + capabilities
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link ModelSummary}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String model;
    private @Nullable OffsetDateTime modifiedAt;
    private long size;
    private @Nullable String digest;
    private @Nullable ModelDetails details;
    private @Nullable List<String> capabilities = List.of();
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link ModelSummary#name()}. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** Sets {@link ModelSummary#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link ModelSummary#modifiedAt()}. */
    public Builder modifiedAt(@Nullable OffsetDateTime modifiedAt) {
      this.modifiedAt = modifiedAt;
      return this;
    }

    /** Sets {@link ModelSummary#size()}. */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /** Sets {@link ModelSummary#digest()}. */
    public Builder digest(@Nullable String digest) {
      this.digest = digest;
      return this;
    }

    /** Sets {@link ModelSummary#details()}. */
    public Builder details(@Nullable ModelDetails details) {
      this.details = details;
      return this;
    }

    /** Sets {@link ModelSummary#capabilities()}. */
    public Builder capabilities(@Nullable List<String> capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /**
     * Sets {@link ModelSummary#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public ModelSummary build() {
      return new ModelSummary(this);
    }
  }
}
