package io.ollamalan.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the fleet's static nodes are. By default they come from {@code ollama.lan.nodes}; a bean of
 * this type (from Docker Compose, Testcontainers or the application) replaces that list, while
 * discovery sources still add their nodes.
 */
public interface OllamaLanConnectionDetails extends ConnectionDetails {

  /**
   * Node addresses: {@code host}, {@code host:port} or {@code http(s)://host[:port][/path]}. May be
   * empty when discovery finds the nodes.
   */
  List<String> getNodes();
}
