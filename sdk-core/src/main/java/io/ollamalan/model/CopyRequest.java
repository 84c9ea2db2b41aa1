package io.ollamalan.model;

/**
 * A request to {@code POST /api/copy}: copy a model under a new name. Success is HTTP 200 with an
 * empty body.
 *
 * @param source the existing model
 * @param destination the new name
 */
public record CopyRequest(String source, String destination) {

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if either name is blank
   */
  public static CopyRequest of(String source, String destination) {
    if (Values.isBlank(source)) {
      throw new IllegalArgumentException("source must not be blank: pass the existing model name");
    }
    if (Values.isBlank(destination)) {
      throw new IllegalArgumentException("destination must not be blank: pass the new model name");
    }
    return new CopyRequest(source, destination);
  }
}
