package io.ollamalan.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link and anchor in docs/, README.md and examples/README.md resolves. */
class DocLinksTest {
  private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*$");

  /**
   * Pages that other parts of the project add (routing, gRPC, gateway, Spring Boot). Links to them
   * are accepted while they are absent, and checked like any other once they exist.
   */
  static final Set<String> ANNOUNCED =
      Set.of("docs/routing.md", "docs/grpc.md", "docs/gateway.md", "docs/spring-boot.md");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    Path repo = ConfigurationReferenceTest.repository();
    List<Path> pages = new ArrayList<>();
    pages.add(repo.resolve("README.md"));
    pages.add(repo.resolve("examples/README.md"));
    try (Stream<Path> docs = Files.walk(repo.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : links(Files.readString(page, StandardCharsets.UTF_8))) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue;
        }
        checked++;
        String file = target;
        String anchor = null;
        int hash = target.indexOf('#');
        if (hash >= 0) {
          file = target.substring(0, hash);
          anchor = target.substring(hash + 1);
        }
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = repo.relativize(page) + " -> " + target;
        if (!Files.exists(resolved)) {
          if (!ANNOUNCED.contains(repo.relativize(resolved).toString().replace('\\', '/'))) {
            broken.add(where + " (no such file)");
          }
          continue;
        }
        if (anchor != null
            && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(anchor)) {
          broken.add(where + " (no such heading)");
        }
      }
    }
    assertThat(checked).isPositive();
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void anchorsAreMadeTheWayGitHubMakesThem() {
    assertThat(slug("Model load timeouts")).isEqualTo("model-load-timeouts");
    assertThat(slug("503 \"server busy\" (`SERVER_BUSY`)"))
        .isEqualTo("503-server-busy-server_busy");
    assertThat(slug("Client: `OllamaClient.builder()`")).isEqualTo("client-ollamaclientbuilder");
  }

  static List<String> links(String markdown) {
    String text = markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static Set<String> anchors(Path page) {
    try {
      String text = Files.readString(page, StandardCharsets.UTF_8).replaceAll("(?s)```.*?```", "");
      Set<String> out = new HashSet<>();
      Matcher m = HEADING.matcher(text);
      while (m.find()) {
        String base = slug(m.group(1));
        String a = base;
        for (int n = 1; !out.add(a); n++) {
          a = base + "-" + n;
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String s = heading.strip().toLowerCase(Locale.ROOT);
    s = s.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    s = s.replaceAll("[^\\p{L}\\p{N}\\s_-]", "");
    return s.replace(' ', '-');
  }
}
