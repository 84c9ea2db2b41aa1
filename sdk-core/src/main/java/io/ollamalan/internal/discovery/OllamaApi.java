package io.ollamalan.internal.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ollamalan.LoadedModel;
import io.ollamalan.ModelNames;
import io.ollamalan.Node;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * The three read-only endpoints discovery and health need ({@code /api/version}, {@code /api/ps},
 * {@code /api/tags}), read with Jackson's tree model so that unknown fields are ignored and the
 * typed request model stays elsewhere.
 */
public final class OllamaApi {
  /** Larger bodies are refused: a node with thousands of models is still far below this. */
  static final long MAX_BODY_BYTES = 4L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OllamaApi() {}

  /** An HTTP answer: its status and, for 2xx, its body as text. */
  public record HttpAnswer(int code, String body) {}

  /**
   * Sends {@code GET <node><path>} and reads the answer within {@code timeout} (connect included).
   *
   * @throws IOException when the node cannot be reached, times out, or sends more than 4 MiB
   */
  public static HttpAnswer get(OkHttpClient client, Node node, String path, Duration timeout)
      throws IOException {
    HttpUrl url = HttpUrl.get(node.baseUri().toString() + path);
    Request request =
        new Request.Builder().url(url).header("Accept", "application/json").get().build();
    Call call = client.newCall(request);
    call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        return new HttpAnswer(response.code(), "");
      }
      ResponseBody body = response.body();
      BufferedSource source = body.source();
      if (source.request(MAX_BODY_BYTES + 1)) {
        throw new IOException("GET " + path + " answered more than " + MAX_BODY_BYTES + " bytes");
      }
      return new HttpAnswer(response.code(), source.getBuffer().readUtf8());
    }
  }

  /** The version from a {@code /api/version} body, or null when the body is not Ollama's. */
  public static @Nullable String parseVersion(String body) {
    JsonNode root = tree(body);
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode v = root.get("version");
    if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 100) {
      return null;
    }
    return v.asText();
  }

  /**
   * The loaded models from a {@code /api/ps} body. Entries without a name are skipped; fields that
   * are missing or malformed take their empty value.
   *
   * @throws IOException when the body is not a JSON object with a {@code models} array
   */
  public static List<LoadedModel> parsePs(String body) throws IOException {
    List<LoadedModel> out = new ArrayList<>();
    for (JsonNode m : models(body, "/api/ps")) {
      String name = text(m, "name");
      if (name.isEmpty()) {
        name = text(m, "model");
      }
      if (name.isEmpty()) {
        continue;
      }
      out.add(
          new LoadedModel(
              name,
              number(m, "size"),
              number(m, "size_vram"),
              parseTime(text(m, "expires_at")),
              number(m, "context_length")));
    }
    return out;
  }

  /**
   * The installed models from a {@code /api/tags} body, normalized to {@code name:tag}.
   *
   * @throws IOException when the body is not a JSON object with a {@code models} array
   */
  public static Set<String> parseTags(String body) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode m : models(body, "/api/tags")) {
      String name = text(m, "name");
      if (name.isEmpty()) {
        name = text(m, "model");
      }
      if (!name.isEmpty()) {
        out.add(ModelNames.normalize(name));
      }
    }
    return out;
  }

  /**
   * Parses Ollama's timestamps: RFC 3339 with 0 to 9 fractional digits and {@code Z} or an offset.
   * Null for anything else.
   */
  public static @Nullable OffsetDateTime parseTime(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode models(String body, String path) throws IOException {
    JsonNode root = tree(body);
    if (root == null || !root.isObject()) {
      throw new IOException(path + " did not answer a JSON object");
    }
    JsonNode models = root.get("models");
    if (models == null || models.isNull()) {
      return JSON.createArrayNode();
    }
    if (!models.isArray()) {
      throw new IOException(path + " answered 'models' that is not an array");
    }
    return models;
  }

  private static @Nullable JsonNode tree(@Nullable String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : "";
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.canConvertToLong() ? Math.max(0, v.asLong()) : 0;
  }
}
