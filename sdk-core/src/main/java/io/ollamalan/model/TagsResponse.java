package io.ollamalan.model;

import java.util.List;

/**
 * The response of {@code GET /api/tags}.
 *
 * @param models local models, most recently modified first; never null
 */
public record TagsResponse(List<ModelSummary> models) {
  /** Copies {@code models}. */
  public TagsResponse {
    models = Values.list(models, "models");
  }
}
