package io.ollamalan.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The response of {@code POST /api/show}: a model's Modelfile, metadata and capabilities.
 *
 * @param license license texts joined with newlines, or null
 * @param modelfile the generated Modelfile, or null
 * @param parameters Modelfile parameters, one per line ({@code key} padded to 30 characters, then
 *     the value), in no particular order; or null
 * @param template the prompt template, or null
 * @param system the system prompt, or null
 * @param details format, family, size and quantization; may be null
 * @param messages the Modelfile's MESSAGEs; never null
 * @param modelInfo GGUF metadata, e.g. {@code "llama.context_length": 131072}; never null
 * @param projectorInfo metadata of a vision projector; never null
 * @param capabilities e.g. {@code completion}, {@code tools}, {@code insert}, {@code vision},
 *     {@code embedding}, {@code thinking}; never null
 * @param modifiedAt when the model was last modified, in the node's local zone; may be null
 */
public record ShowResponse(
    String license,
    String modelfile,
    String parameters,
    String template,
    String system,
    ModelDetails details,
    List<Message> messages,
    Map<String, Object> modelInfo,
    Map<String, Object> projectorInfo,
    List<String> capabilities,
    OffsetDateTime modifiedAt) {

  /** Copies the lists and maps. */
  public ShowResponse {
    messages = Values.list(messages, "messages");
    modelInfo = Values.jsonObject(modelInfo, "modelInfo");
    projectorInfo = Values.jsonObject(projectorInfo, "projectorInfo");
    capabilities = Values.list(capabilities, "capabilities");
  }

  /** Whether the model has {@code capability}, e.g. {@code "tools"} or {@code "thinking"}. */
  public boolean hasCapability(String capability) {
    return capabilities.contains(capability);
  }
}
