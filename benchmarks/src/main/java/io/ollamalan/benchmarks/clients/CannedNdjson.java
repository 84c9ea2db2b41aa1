package io.ollamalan.benchmarks.clients;

import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An OkHttp interceptor that answers every chat from memory with the same NDJSON chat stream, so
 * that a decode benchmark measures the client's framing and mapping and not a socket or a server.
 * The client's health checks ({@code /api/version}, {@code /api/ps}, {@code /api/tags}) are
 * answered as Ollama answers them, with the model loaded: answered with the chat stream, they would
 * mark the node DOWN in the middle of a measurement.
 */
public final class CannedNdjson implements Interceptor {

  private static final MediaType NDJSON = MediaType.get("application/x-ndjson");
  private static final MediaType JSON = MediaType.get("application/json");

  private final byte[] body;
  private final byte[] version;
  private final byte[] ps;
  private final byte[] tags;

  /**
   * @param model the model the health checks find loaded and installed
   * @param body what every chat is answered with (see {@link #chatStream})
   */
  public CannedNdjson(String model, byte[] body) {
    this.body = body;
    this.version = "{\"version\":\"0.12.6\"}".getBytes(StandardCharsets.UTF_8);
    String digest = "0a8c266910232fd3291e71e5ba1e058cc5af9d411192cf88b6d30e92b6e73163";
    this.ps =
        ("{\"models\":[{\"name\":\""
                + model
                + "\",\"model\":\""
                + model
                + "\",\"size\":4683075271,\"digest\":\""
                + digest
                + "\",\"expires_at\":\"2099-01-01T00:00:00Z\",\"size_vram\":4683075271}]}")
            .getBytes(StandardCharsets.UTF_8);
    this.tags =
        ("{\"models\":[{\"name\":\""
                + model
                + "\",\"model\":\""
                + model
                + "\",\"modified_at\":\"2025-05-10T08:06:48Z\",\"size\":4683075271,"
                + "\"digest\":\""
                + digest
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code chunks - 1} one-token chunks and a final chunk with statistics, as Ollama sends them.
   */
  public static byte[] chatStream(String model, int chunks) {
    StringBuilder sb = new StringBuilder(chunks * 128);
    for (int i = 0; i < chunks - 1; i++) {
      sb.append("{\"model\":\"")
          .append(model)
          .append("\",\"created_at\":\"2024-08-04T08:52:19.385406455-07:00\",\"message\":")
          .append("{\"role\":\"assistant\",\"content\":\" token")
          .append(i % 100)
          .append("\"},\"done\":false}\n");
    }
    sb.append("{\"model\":\"")
        .append(model)
        .append("\",\"created_at\":\"2024-08-04T19:22:45.499127Z\",\"message\":{\"role\":")
        .append("\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",")
        .append("\"total_duration\":8113331500,\"load_duration\":6396458,")
        .append("\"prompt_eval_count\":61,\"prompt_eval_duration\":398801000,\"eval_count\":")
        .append(chunks - 1)
        .append(",\"eval_duration\":7701267000}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Response intercept(Chain chain) {
    String path = chain.request().url().encodedPath();
    ResponseBody answer =
        switch (path) {
          case "/api/version" -> ResponseBody.create(version, JSON);
          case "/api/ps" -> ResponseBody.create(ps, JSON);
          case "/api/tags" -> ResponseBody.create(tags, JSON);
          default -> ResponseBody.create(body, NDJSON);
        };
    return new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(answer)
        .build();
  }
}
