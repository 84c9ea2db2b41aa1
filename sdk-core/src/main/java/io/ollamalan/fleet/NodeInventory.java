package io.ollamalan.fleet;

import io.ollamalan.model.ModelSummary;
import io.ollamalan.model.RunningModel;
import java.util.List;

/**
 * What one node holds, read from it just now ({@code /api/version}, {@code /api/tags}, {@code
 * /api/ps}).
 *
 * @param nodeId the node
 * @param version the Ollama version, empty when the node did not report one
 * @param installed the models on its disk
 * @param loaded the models in its memory
 */
public record NodeInventory(
    String nodeId, String version, List<ModelSummary> installed, List<RunningModel> loaded) {

  public NodeInventory {
    installed = List.copyOf(installed);
    loaded = List.copyOf(loaded);
  }

  /** Bytes of GPU memory the loaded models take. */
  public long vramUsed() {
    return loaded.stream().mapToLong(RunningModel::sizeVram).sum();
  }

  /** Bytes of memory (GPU and system) the loaded models take. */
  public long memoryUsed() {
    return loaded.stream().mapToLong(RunningModel::size).sum();
  }
}
