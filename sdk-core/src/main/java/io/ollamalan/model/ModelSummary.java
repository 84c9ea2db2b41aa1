package io.ollamalan.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One locally available model, as listed by {@code GET /api/tags}.
 *
 * @param name the display name with tag, e.g. {@code "llama3.2:latest"}
 * @param model same as {@code name}
 * @param modifiedAt when the model was last modified, in the node's local zone
 * @param size bytes on disk
 * @param digest sha256 of the manifest, 64 hex characters without {@code sha256:}
 * @param details format, family, size and quantization; may be null
 * @param capabilities e.g. {@code completion}, {@code tools}, {@code embedding} (Ollama v0.30+);
 *     never null
 */
public record ModelSummary(
    String name,
    String model,
    OffsetDateTime modifiedAt,
    long size,
    String digest,
    ModelDetails details,
    List<String> capabilities) {

  /** Copies {@code capabilities}. */
  public ModelSummary {
    capabilities = Values.list(capabilities, "capabilities");
  }
}
