package io.ollamalan.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.OllamaClient;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Micrometer and OpenTelemetry stay optional: only their bindings refer to them. */
@Timeout(60)
class OptionalDependenciesTest {
  static final String MICROMETER = "io/micrometer/";
  static final String RESILIENCE4J_MICROMETER = "io/github/resilience4j/micrometer/";
  static final String OPENTELEMETRY = "io/opentelemetry/";
  static final Set<String> MICROMETER_BINDINGS =
      Set.of(
          "io/ollamalan/observability/OllamaMetrics",
          "io/ollamalan/internal/observability/NodeMeterBinder");
  static final Set<String> OPENTELEMETRY_BINDINGS =
      Set.of(
          "io/ollamalan/observability/OllamaTracing", "io/ollamalan/internal/observability/GenAi");

  @Test
  void onlyTheBindingsReferToMicrometerOrOpenTelemetry() throws Exception {
    Path classes =
        Path.of(OllamaClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> checked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
        String owner = name.replaceAll("(\\$.*)?\\.class$", "");
        String constants = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (!MICROMETER_BINDINGS.contains(owner)) {
          assertThat(constants)
              .as("%s refers to Micrometer", name)
              .doesNotContain(MICROMETER, RESILIENCE4J_MICROMETER);
        }
        if (!OPENTELEMETRY_BINDINGS.contains(owner)) {
          assertThat(constants)
              .as("%s refers to OpenTelemetry", name)
              .doesNotContain(OPENTELEMETRY);
        }
        checked.add(owner);
      }
    }
    assertThat(checked)
        .contains(
            "io/ollamalan/OllamaClientBuilder",
            "io/ollamalan/observability/OllamaAuditLog",
            "io/ollamalan/observability/OllamaMetrics");
  }

  @Test
  void clientAndAuditLogRunWithoutMicrometerAndOpenTelemetry() throws Exception {
    try (URLClassLoader loader = withoutOptionalDependencies()) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("io.opentelemetry.api.OpenTelemetry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> scenario = loader.loadClass(WithoutOptionalDependencies.class.getName());
      assertThat(scenario.getClassLoader()).isSameAs(loader);

      Object result = scenario.getMethod("run").invoke(null);

      assertThat(result).isEqualTo("success");
    }
  }

  /** The test class path less Micrometer, OpenTelemetry and Resilience4j's Micrometer module. */
  private static URLClassLoader withoutOptionalDependencies() throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      String e = entry.replace(File.separatorChar, '/');
      if (e.contains("/io/micrometer/")
          || e.contains("/io/opentelemetry/")
          || e.contains("resilience4j-micrometer")
          || e.contains("/io/prometheus/")) {
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }
}
