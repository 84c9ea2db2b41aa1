package io.ollamalan.model;

/**
 * The response of {@code GET /api/version}.
 *
 * @param version e.g. {@code "0.33.0"}; source builds report {@code "0.0.0"}
 */
public record VersionResponse(String version) {}
