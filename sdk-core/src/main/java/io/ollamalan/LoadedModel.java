package io.ollamalan;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model a node holds in memory, as its {@code /api/ps} reported it.
 *
 * @param name the model's display name, e.g. {@code llama3.2:latest}
 * @param size bytes the runner uses in total (VRAM and system RAM)
 * @param sizeVram the part of {@code size} in GPU memory
 * @param expiresAt when the node will unload it if it stays idle; may lie in the past while busy;
 *     null when the node did not report it
 * @param contextLength the per-slot context length, 0 when the node does not report it
 */
public record LoadedModel(
    String name, long size, long sizeVram, @Nullable OffsetDateTime expiresAt, long contextLength) {
  public LoadedModel {
    Objects.requireNonNull(name, "name");
  }
}
