package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One loaded model, as listed by {@code GET /api/ps}. */
public final class RunningModel {
  private final @Nullable String name;
  private final @Nullable String model;
  private final long size;
  private final @Nullable String digest;
  private final @Nullable ModelDetails details;
  private final @Nullable OffsetDateTime expiresAt;
  private final long sizeVram;
  private final long contextLength;
  private final Map<String, Object> unknownFields;

  private RunningModel(Builder b) {
    this.name = b.name;
    this.model = b.model;
    this.size = b.size;
    this.digest = b.digest;
    this.details = b.details;
    this.expiresAt = b.expiresAt;
    this.sizeVram = b.sizeVram;
    this.contextLength = b.contextLength;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this model's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.model = model;
    b.size = size;
    b.digest = digest;
    b.details = details;
    b.expiresAt = expiresAt;
    b.sizeVram = sizeVram;
    b.contextLength = contextLength;
    b.unknownFields = unknownFields;
    return b;
  }

  /** The display name with tag. */
  public @Nullable String name() {
    return name;
  }

  /** Same as {@code name}. */
  public @Nullable String model() {
    return model;
  }

  /** Bytes of memory the loaded model takes (RAM plus VRAM). */
  public long size() {
    return size;
  }

  /** Sha256 of the manifest. */
  public @Nullable String digest() {
    return digest;
  }

  /** Format, family, size and quantization; may be null. */
  public @Nullable ModelDetails details() {
    return details;
  }

  /** When the model unloads if it stays idle, in the node's local zone; null when absent. */
  public @Nullable OffsetDateTime expiresAt() {
    return expiresAt;
  }

  /** Bytes of that in GPU memory; {@code size - sizeVram} is in system RAM. */
  public long sizeVram() {
    return sizeVram;
  }

  /** The context length it was loaded with; 0 before Ollama v0.10. */
  public long contextLength() {
    return contextLength;
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

  /** Whether the whole model is in GPU memory. */
  public boolean fullyOnGpu() {
    return size > 0 && sizeVram >= size;
  }

  /**
   * Time left until {@link #expiresAt()} as seen from {@code now}; negative once passed.
   *
   * @throws IllegalStateException if the node sent no {@code expires_at}
   */
  public Duration timeToExpiry(OffsetDateTime now) {
    if (expiresAt == null) {
      throw new IllegalStateException("the node sent no expires_at for " + name);
    }
    return Duration.between(now, expiresAt);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof RunningModel)) {
      return false;
    }
    RunningModel that = (RunningModel) o;
    return Objects.equals(name, that.name)
        && Objects.equals(model, that.model)
        && size == that.size
        && Objects.equals(digest, that.digest)
        && Objects.equals(details, that.details)
        && Objects.equals(expiresAt, that.expiresAt)
        && sizeVram == that.sizeVram
        && contextLength == that.contextLength
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, model, size, digest, details, expiresAt, sizeVram, contextLength, unknownFields);
  }

  @Override
  public String toString() {
    return "RunningModel["
        + "name="
        + name
        + ", model="
        + model
        + ", size="
        + size
        + ", digest="
        + digest
        + ", details="
        + details
        + ", expiresAt="
        + expiresAt
        + ", sizeVram="
        + sizeVram
        + ", contextLength="
        + contextLength
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link RunningModel}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String model;
    private long size;
    private @Nullable String digest;
    private @Nullable ModelDetails details;
    private @Nullable OffsetDateTime expiresAt;
    private long sizeVram;
    private long contextLength;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link RunningModel#name()}. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** Sets {@link RunningModel#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link RunningModel#size()}. */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /** Sets {@link RunningModel#digest()}. */
    public Builder digest(@Nullable String digest) {
      this.digest = digest;
      return this;
    }

    /** Sets {@link RunningModel#details()}. */
    public Builder details(@Nullable ModelDetails details) {
      this.details = details;
      return this;
    }

    /** Sets {@link RunningModel#expiresAt()}. */
    public Builder expiresAt(@Nullable OffsetDateTime expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** Sets {@link RunningModel#sizeVram()}. */
    public Builder sizeVram(long sizeVram) {
      this.sizeVram = sizeVram;
      return this;
    }

    /** Sets {@link RunningModel#contextLength()}. */
    public Builder contextLength(long contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    /**
     * Sets {@link RunningModel#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public RunningModel build() {
      return new RunningModel(this);
    }
  }
}
