package io.ollamalan.internal.http;

import io.ollamalan.internal.json.Json;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;

/**
 * A request encoded once as JSON into okio segments, which every attempt (a resend, a failover, a
 * hedge) hands to the socket's sink by reference: the bytes are written by the encoder and then
 * never copied again.
 */
public final class JsonBody extends RequestBody {
  private final Buffer bytes;

  private JsonBody(Buffer bytes) {
    this.bytes = bytes;
  }

  /**
   * Encodes {@code request}.
   *
   * @see Json#writeRequest(Object, Boolean)
   */
  public static JsonBody of(Object request, Boolean stream) {
    Buffer b = new Buffer();
    Json.writeRequest(request, stream, b.outputStream());
    return new JsonBody(b);
  }

  @Override
  public MediaType contentType() {
    return NodeClient.JSON;
  }

  @Override
  public long contentLength() {
    return bytes.size();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    // Shares the segments; the encoded request itself stays untouched for the next attempt.
    bytes.copyTo(sink.getBuffer(), 0, bytes.size());
    sink.emitCompleteSegments();
  }
}
