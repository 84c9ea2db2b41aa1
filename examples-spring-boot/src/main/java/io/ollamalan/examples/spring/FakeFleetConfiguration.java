package io.ollamalan.examples.spring;

import io.ollamalan.spring.autoconfigure.OllamaLanConnectionDetails;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two fake Ollama nodes on loopback (ephemeral ports) serving {@code llama3.2}, handed to the
 * starter as {@link OllamaLanConnectionDetails} the way Testcontainers or Docker Compose would hand
 * it real ones. Off with {@code example.fake-fleet=false}; {@code ollama.lan.nodes} then applies.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "example.fake-fleet", matchIfMissing = true)
public class FakeFleetConfiguration {

  @Bean(destroyMethod = "close")
  FakeFleet fakeFleet() {
    return FakeFleet.startIndexed(
        2,
        0,
        (i, node) ->
            node.model(FakeModel.chat("llama3.2"))
                .loaded("llama3.2")
                .tokensPerSecond(200)
                .version("0.33.0"));
  }

  @Bean
  OllamaLanConnectionDetails fakeFleetConnectionDetails(FakeFleet fleet) {
    return fleet::baseUrls;
  }
}
