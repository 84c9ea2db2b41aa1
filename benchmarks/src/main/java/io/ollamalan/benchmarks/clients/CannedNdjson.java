package io.ollamalan.benchmarks.clients;

import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An OkHttp interceptor that answers every call from memory with the same NDJSON chat stream, so
 * that a decode benchmark measures the client's framing and mapping and not a socket or a server.
 */
public final class CannedNdjson implements Interceptor {

  private static final MediaType NDJSON = MediaType.get("application/x-ndjson");

  private final byte[] body;

  public CannedNdjson(byte[] body) {
    this.body = body;
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
    return new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(body, NDJSON))
        .build();
  }
}
