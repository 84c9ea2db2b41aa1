package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/security.md shows the exact nginx templates that NginxTlsIT runs. */
class SecurityDocsTest {

  private static final Path DOC = Path.of("..", "docs", "security.md");

  @Test
  void docsShowTheNginxTemplatesTheTestsUse() throws IOException {
    String doc = Files.readString(DOC);

    assertThat(doc)
        .contains("```nginx\n" + Nginx.template("nginx.conf.template").strip() + "\n```")
        .contains("```nginx\n" + Nginx.template("server.conf.template").strip() + "\n```");
  }
}
