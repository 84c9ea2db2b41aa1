package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.internal.tls.TestPki.KeyFormat;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BouncyCastle is optional: with it off the class path the JDK still reads certificates and PKCS#8
 * keys, and the keys that need it fail with an error naming the artifact to add.
 */
class PemFilesWithoutBouncyCastleTest {

  private static final Issued CA = TestPki.ca("no-BC CA");
  private static final KeyPair EC = TestPki.ecKey();
  private static final KeyPair RSA = TestPki.rsaKey();
  private static final char[] PASSWORD = "correct horse".toCharArray();

  private static URLClassLoader loader;
  private static Method readCertificates;
  private static Method readPrivateKey;

  @BeforeAll
  static void loadWithoutBouncyCastle() throws Exception {
    loader = withoutBouncyCastle();
    Class<?> pemFiles = loader.loadClass(PemFiles.class.getName());
    assertThat(pemFiles.getClassLoader()).isSameAs(loader);
    assertThatThrownBy(() -> loader.loadClass("org.bouncycastle.openssl.PEMParser"))
        .isInstanceOf(ClassNotFoundException.class);
    readCertificates = pemFiles.getMethod("readCertificates", Reader.class, String.class);
    readPrivateKey = pemFiles.getMethod("readPrivateKey", Reader.class, String.class, char[].class);
  }

  @AfterAll
  static void close() throws IOException {
    loader.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyFormat.class,
      names = {"PKCS8"})
  void jdkReadsCertificatesAndPkcs8Keys(KeyFormat format) throws Exception {
    for (KeyPair kp : List.of(EC, RSA)) {
      Issued client = TestPki.client(CA, "pkcs8", kp);

      List<Object> chain =
          (List<Object>)
              readCertificates.invoke(null, new StringReader(client.chainPem()), "c.pem");
      PrivateKey key =
          (PrivateKey)
              readPrivateKey.invoke(
                  null, new StringReader(TestPki.keyPem(kp, format, null)), "k.pem", null);

      assertThat(chain).containsExactly(client.certificate());
      assertThat(key.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyFormat.class,
      names = {"TRADITIONAL", "ENCRYPTED_PKCS8", "ENCRYPTED_TRADITIONAL"})
  void keysThatNeedBouncyCastleNameTheArtifact(KeyFormat format) {
    char[] password = format == KeyFormat.TRADITIONAL ? null : PASSWORD;
    String pem = TestPki.keyPem(RSA, format, password);

    Throwable thrown =
        invocationFailure(
            () ->
                readPrivateKey.invoke(
                    null, new StringReader(pem), "/etc/ollama/key.pem", password));

    assertThat(thrown.getClass().getName())
        .isEqualTo("io.ollamalan.tls.MissingDependencyException");
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/etc/ollama/key.pem")
        .hasMessageContaining("org.bouncycastle:bcpkix-jdk18on")
        .hasMessageNotContaining(new String(PASSWORD));
    assertThat(thrown.getCause()).isInstanceOf(LinkageError.class);
  }

  @Test
  void encryptedKeyWithoutPasswordStillSaysSoWithoutBouncyCastle() {
    String pem = TestPki.keyPem(EC, KeyFormat.ENCRYPTED_PKCS8, PASSWORD);

    Throwable thrown =
        invocationFailure(() -> readPrivateKey.invoke(null, new StringReader(pem), "k.pem", null));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no password was given");
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static Throwable invocationFailure(Call call) {
    try {
      call.run();
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the call failed before reaching PemFiles", e);
    }
    throw new AssertionError("expected the call to fail");
  }

  /** The test class path less BouncyCastle's jars, parented by the platform loader. */
  private static URLClassLoader withoutBouncyCastle() throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.replace(File.separatorChar, '/').contains("/org/bouncycastle/")) {
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }
}
