package io.ollamalan.spring.autoconfigure;

import java.util.List;

/** {@link OllamaLanConnectionDetails} read from {@code ollama.lan.nodes}. */
class PropertiesOllamaLanConnectionDetails implements OllamaLanConnectionDetails {

  private final OllamaLanProperties properties;

  PropertiesOllamaLanConnectionDetails(OllamaLanProperties properties) {
    this.properties = properties;
  }

  @Override
  public List<String> getNodes() {
    return List.copyOf(properties.getNodes());
  }
}
