package io.ollamalan.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Ollama API examples copied under {@code src/test/resources/ollama-api/examples}. */
final class Examples {
  private Examples() {}

  static final String DIR = "/ollama-api/examples/";

  static byte[] bytes(String name) {
    try (InputStream in = Examples.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no example " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The non-blank lines of an NDJSON example. */
  static List<byte[]> lines(String name) {
    List<byte[]> out = new ArrayList<>();
    for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static <T> T read(String name, Class<T> type) {
    byte[] b = bytes(name);
    return Json.read(b, 0, b.length, type);
  }

  static <T> List<T> readLines(String name, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (byte[] line : lines(name)) {
      out.add(Json.read(line, 0, line.length, type));
    }
    return out;
  }

  static List<String> names() {
    try (Stream<Path> files = Files.list(Path.of(Examples.class.getResource(DIR).toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
