package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * No node could take the request: none is known, none is up, none has the model, every candidate's
 * circuit breaker is open, or the client-side queue did not free up before the deadline. The
 * message lists what was tried and why each candidate was passed over.
 */
public final class NoNodeAvailableException extends OllamaException {
  private static final long serialVersionUID = 1L;

  private NoNodeAvailableException(
      @Nullable String message,
      String requestId,
      @Nullable Throwable lastFailure,
      boolean delivered) {
    super(Kind.NO_NODE_AVAILABLE, message, "", -1, "", requestId, delivered, lastFailure);
  }

  /**
   * @param reason why no node could take the request, e.g. the per-node reasons
   * @param lastFailure the last node failure when attempts were made, else null
   */
  static NoNodeAvailableException of(
      String reason, String requestId, @Nullable Throwable lastFailure) {
    return new NoNodeAvailableException(
        "No node could take the request: " + reason + " (request id " + requestId + ")",
        requestId,
        lastFailure,
        false);
  }

  @Override
  public NoNodeAvailableException withPartialResponseDelivered() {
    return partialResponseDelivered()
        ? this
        : new NoNodeAvailableException(getMessage(), requestId(), getCause(), true);
  }
}
