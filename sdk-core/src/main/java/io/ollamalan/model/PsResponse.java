package io.ollamalan.model;

import java.util.List;

/**
 * The response of {@code GET /api/ps}.
 *
 * @param models loaded models, longest time to expiry first; never null
 */
public record PsResponse(List<RunningModel> models) {
  /** Copies {@code models}. */
  public PsResponse {
    models = Values.list(models, "models");
  }
}
