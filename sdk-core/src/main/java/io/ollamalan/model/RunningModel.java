package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One loaded model, as listed by {@code GET /api/ps}.
 *
 * @param name the display name with tag
 * @param model same as {@code name}
 * @param size bytes of memory the loaded model takes (RAM plus VRAM)
 * @param digest sha256 of the manifest
 * @param details format, family, size and quantization; may be null
 * @param expiresAt when the model unloads if it stays idle, in the node's local zone
 * @param sizeVram bytes of that in GPU memory; {@code size - sizeVram} is in system RAM
 * @param contextLength the context length it was loaded with; 0 before Ollama v0.10
 */
public record RunningModel(
    String name,
    String model,
    long size,
    String digest,
    ModelDetails details,
    OffsetDateTime expiresAt,
    long sizeVram,
    long contextLength) {

  /** Whether the whole model is in GPU memory. */
  public boolean fullyOnGpu() {
    return size > 0 && sizeVram >= size;
  }

  /** Time left until {@link #expiresAt()} as seen from {@code now}; negative once passed. */
  public Duration timeToExpiry(OffsetDateTime now) {
    return Duration.between(now, expiresAt);
  }
}
