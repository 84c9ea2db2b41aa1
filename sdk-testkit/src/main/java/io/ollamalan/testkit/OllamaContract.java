package io.ollamalan.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Ollama wire contract bundled on the classpath: the request and response bodies under {@code
 * io/ollamalan/testkit/contract/examples/} and the reference documents ({@code README.md}, {@code
 * endpoints.md}, {@code scheduler.md}) under {@code io/ollamalan/testkit/contract/}.
 *
 * <p>Contract tests in other modules load example bodies through this class so that they do not
 * depend on files outside the build.
 */
public final class OllamaContract {

  private static final String BASE = "/io/ollamalan/testkit/contract/";
  private static final String EXAMPLES = BASE + "examples/";

  private static volatile @Nullable List<String> names;

  private OllamaContract() {}

  /**
   * Returns the UTF-8 text of one example file, e.g. {@code example("chat-nostream.json")}.
   *
   * @throws IllegalArgumentException if no example has that name
   */
  public static String example(String fileName) {
    if (fileName == null
        || fileName.isEmpty()
        || fileName.contains("/")
        || fileName.contains("\\")) {
      throw new IllegalArgumentException("Invalid example file name: '" + fileName + "'");
    }
    String text = read(EXAMPLES + fileName);
    if (text == null) {
      throw new IllegalArgumentException(
          "No contract example named '" + fileName + "'; see OllamaContract.exampleNames()");
    }
    return text;
  }

  /**
   * Returns the UTF-8 text of a reference document: {@code README.md}, {@code endpoints.md} or
   * {@code scheduler.md}.
   *
   * @throws IllegalArgumentException if no document has that name
   */
  public static String document(String fileName) {
    String text = fileName == null || fileName.contains("/") ? null : read(BASE + fileName);
    if (text == null) {
      throw new IllegalArgumentException("No contract document named '" + fileName + "'");
    }
    return text;
  }

  /** Returns the names of all example files (bodies only, without the README), sorted. */
  public static List<String> exampleNames() {
    List<String> result = names;
    if (result == null) {
      String index = read(EXAMPLES + "index.txt");
      if (index == null) {
        throw new IllegalStateException("Contract example index missing from the classpath");
      }
      List<String> list = new ArrayList<>();
      for (String line : index.split("\n")) {
        if (!line.isBlank()) {
          list.add(line.strip());
        }
      }
      Collections.sort(list);
      result = Collections.unmodifiableList(list);
      names = result;
    }
    return result;
  }

  private static @Nullable String read(String resource) {
    try (InputStream in = OllamaContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
