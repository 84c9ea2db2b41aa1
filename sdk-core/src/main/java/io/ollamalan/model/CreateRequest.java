package io.ollamalan.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /api/create}: make a model from another model or from uploaded blobs.
 * The answer is a sequence of {@link ProgressResponse}s (or the last one when not streaming).
 *
 * @param model the new model's name
 * @param from an existing model to start from, or null
 * @param files file name to blob digest ({@code "sha256:..."}) of uploaded GGUF or safetensors
 *     files; never null
 * @param adapters file name to blob digest of LoRA adapters; never null
 * @param template the prompt template, or null
 * @param license license texts; sent as a string when there is one; never null
 * @param system the system prompt, or null
 * @param parameters Modelfile parameters, e.g. {@code "temperature": 0.7}; never null
 * @param messages MESSAGEs to bake in; never null
 * @param quantize quantize a float16/float32 model, e.g. {@code "q4_K_M"}, {@code "q4_K_S"}, {@code
 *     "q8_0"}; or null
 */
public record CreateRequest(
    String model,
    String from,
    Map<String, String> files,
    Map<String, String> adapters,
    String template,
    List<String> license,
    String system,
    Map<String, Object> parameters,
    List<Message> messages,
    String quantize) {

  /** Copies the collections. */
  public CreateRequest {
    files = Values.stringMap(files, "files");
    adapters = Values.stringMap(adapters, "adapters");
    license = Values.list(license, "license");
    parameters = Values.jsonObject(parameters, "parameters");
    messages = Values.list(messages, "messages");
  }

  /** A builder for a model named {@code model}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Builds a {@link CreateRequest}. Not thread-safe. */
  public static final class Builder {
    private final String model;
    private String from;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> adapters = new LinkedHashMap<>();
    private String template;
    private final List<String> license = new ArrayList<>();
    private String system;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private String quantize;

    private Builder(String model) {
      this.model = model;
    }

    /** The model to start from. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** Adds an uploaded file: its name and blob digest {@code "sha256:<64 hex>"}. */
    public Builder file(String name, String digest) {
      files.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(digest, "digest"));
      return this;
    }

    /** Adds a LoRA adapter file: its name and blob digest. */
    public Builder adapter(String name, String digest) {
      adapters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(digest, "digest"));
      return this;
    }

    /** The prompt template. */
    public Builder template(String template) {
      this.template = template;
      return this;
    }

    /** Adds a license text. */
    public Builder license(String license) {
      this.license.add(Objects.requireNonNull(license, "license"));
      return this;
    }

    /** The system prompt. */
    public Builder system(String system) {
      this.system = system;
      return this;
    }

    /** Sets a Modelfile parameter, e.g. {@code parameter("temperature", 0.7)}. */
    public Builder parameter(String name, Object value) {
      parameters.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Adds a MESSAGE. */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Quantization type, e.g. {@code "q4_K_M"}. */
    public Builder quantize(String quantize) {
      this.quantize = quantize;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the model is blank or neither {@code from} nor a file is
     *     given (Ollama: {@code neither 'from' or 'files' was specified})
     */
    public CreateRequest build() {
      Requests.requireModel(model);
      if (Values.isBlank(from) && files.isEmpty()) {
        throw new IllegalArgumentException(
            "from or files must be given (neither 'from' or 'files' was specified)");
      }
      return new CreateRequest(
          model, from, files, adapters, template, license, system, parameters, messages, quantize);
    }
  }
}
