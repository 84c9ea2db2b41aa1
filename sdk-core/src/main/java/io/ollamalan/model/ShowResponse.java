package io.ollamalan.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The response of {@code POST /api/show}: a model's Modelfile, metadata and capabilities. */
public final class ShowResponse {
  private final @Nullable String license;
  private final @Nullable String modelfile;
  private final @Nullable String parameters;
  private final @Nullable String template;
  private final @Nullable String system;
  private final @Nullable ModelDetails details;
  private final List<Message> messages;
  private final Map<String, Object> modelInfo;
  private final Map<String, Object> projectorInfo;
  private final List<String> capabilities;
  private final @Nullable OffsetDateTime modifiedAt;
  private final Map<String, Object> unknownFields;

  private ShowResponse(Builder b) {
    this.license = b.license;
    this.modelfile = b.modelfile;
    this.parameters = b.parameters;
    this.template = b.template;
    this.system = b.system;
    this.details = b.details;
    this.messages = Values.list(b.messages, "messages");
    this.modelInfo = Values.jsonObject(b.modelInfo, "modelInfo");
    this.projectorInfo = Values.jsonObject(b.projectorInfo, "projectorInfo");
    this.capabilities = Values.list(b.capabilities, "capabilities");
    this.modifiedAt = b.modifiedAt;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.license = license;
    b.modelfile = modelfile;
    b.parameters = parameters;
    b.template = template;
    b.system = system;
    b.details = details;
    b.messages = messages;
    b.modelInfo = modelInfo;
    b.projectorInfo = projectorInfo;
    b.capabilities = capabilities;
    b.modifiedAt = modifiedAt;
    b.unknownFields = unknownFields;
    return b;
  }

  /** License texts joined with newlines, or null. */
  public @Nullable String license() {
    return license;
  }

  /** The generated Modelfile, or null. */
  public @Nullable String modelfile() {
    return modelfile;
  }

  /**
   * Modelfile parameters, one per line ({@code key} padded to 30 characters, then the value), in no
   * particular order; or null.
   */
  public @Nullable String parameters() {
    return parameters;
  }

  /** The prompt template, or null. */
  public @Nullable String template() {
    return template;
  }

  /** The system prompt, or null. */
  public @Nullable String system() {
    return system;
  }

  /** Format, family, size and quantization; may be null. */
  public @Nullable ModelDetails details() {
    return details;
  }

  /** The Modelfile's MESSAGEs; never null. */
  public List<Message> messages() {
    return messages;
  }

  /** GGUF metadata, e.g. {@code "llama.context_length": 131072}; never null. */
  public Map<String, Object> modelInfo() {
    return modelInfo;
  }

  /** Metadata of a vision projector; never null. */
  public Map<String, Object> projectorInfo() {
    return projectorInfo;
  }

  /**
   * E.g. {@code completion}, {@code tools}, {@code insert}, {@code vision}, {@code embedding},
   * {@code thinking}; never null.
   */
  public List<String> capabilities() {
    return capabilities;
  }

  /** When the model was last modified, in the node's local zone; may be null. */
  public @Nullable OffsetDateTime modifiedAt() {
    return modifiedAt;
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

  /** Whether the model has {@code capability}, e.g. {@code "tools"} or {@code "thinking"}. */
  public boolean hasCapability(String capability) {
    return capabilities.contains(capability);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof ShowResponse)) {
      return false;
    }
    ShowResponse that = (ShowResponse) o;
    return Objects.equals(license, that.license)
        && Objects.equals(modelfile, that.modelfile)
        && Objects.equals(parameters, that.parameters)
        && Objects.equals(template, that.template)
        && Objects.equals(system, that.system)
        && Objects.equals(details, that.details)
        && Objects.equals(messages, that.messages)
        && Objects.equals(modelInfo, that.modelInfo)
        && Objects.equals(projectorInfo, that.projectorInfo)
        && Objects.equals(capabilities, that.capabilities)
        && Objects.equals(modifiedAt, that.modifiedAt)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        license,
        modelfile,
        parameters,
        template,
        system,
        details,
        messages,
        modelInfo,
        projectorInfo,
        capabilities,
        modifiedAt,
        unknownFields);
  }

  @Override
  public String toString() {
    return "ShowResponse["
        + "license="
        + license
        + ", modelfile="
        + modelfile
        + ", parameters="
        + parameters
        + ", template="
        + template
        + ", system="
        + system
        + ", details="
        + details
        + ", messages="
        + messages
        + ", modelInfo="
        + modelInfo
        + ", projectorInfo="
        + projectorInfo
        + ", capabilities="
        + capabilities
        + ", modifiedAt="
        + modifiedAt
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link ShowResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String license;
    private @Nullable String modelfile;
    private @Nullable String parameters;
    private @Nullable String template;
    private @Nullable String system;
    private @Nullable ModelDetails details;
    private @Nullable List<Message> messages = List.of();
    private @Nullable Map<String, ?> modelInfo = Map.of();
    private @Nullable Map<String, ?> projectorInfo = Map.of();
    private @Nullable List<String> capabilities = List.of();
    private @Nullable OffsetDateTime modifiedAt;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link ShowResponse#license()}. */
    public Builder license(@Nullable String license) {
      this.license = license;
      return this;
    }

    /** Sets {@link ShowResponse#modelfile()}. */
    public Builder modelfile(@Nullable String modelfile) {
      this.modelfile = modelfile;
      return this;
    }

    /** Sets {@link ShowResponse#parameters()}. */
    public Builder parameters(@Nullable String parameters) {
      this.parameters = parameters;
      return this;
    }

    /** Sets {@link ShowResponse#template()}. */
    public Builder template(@Nullable String template) {
      this.template = template;
      return this;
    }

    /** Sets {@link ShowResponse#system()}. */
    public Builder system(@Nullable String system) {
      this.system = system;
      return this;
    }

    /** Sets {@link ShowResponse#details()}. */
    public Builder details(@Nullable ModelDetails details) {
      this.details = details;
      return this;
    }

    /** Sets {@link ShowResponse#messages()}. */
    public Builder messages(@Nullable List<Message> messages) {
      this.messages = messages;
      return this;
    }

    /** Sets {@link ShowResponse#modelInfo()}. */
    public Builder modelInfo(@Nullable Map<String, ?> modelInfo) {
      this.modelInfo = modelInfo;
      return this;
    }

    /** Sets {@link ShowResponse#projectorInfo()}. */
    public Builder projectorInfo(@Nullable Map<String, ?> projectorInfo) {
      this.projectorInfo = projectorInfo;
      return this;
    }

    /** Sets {@link ShowResponse#capabilities()}. */
    public Builder capabilities(@Nullable List<String> capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /** Sets {@link ShowResponse#modifiedAt()}. */
    public Builder modifiedAt(@Nullable OffsetDateTime modifiedAt) {
      this.modifiedAt = modifiedAt;
      return this;
    }

    /**
     * Sets {@link ShowResponse#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public ShowResponse build() {
      return new ShowResponse(this);
    }
  }
}
