package io.ollamalan.internal.http;

import io.ollamalan.internal.json.Json;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A request encoded as JSON straight into okio segments, which the first attempt moves into the
 * socket's sink without a copy (the segments go back to okio's pool once written). A later attempt
 * (a resend, a failover, a hedge) encodes the request again, which is rarer than keeping a copy for
 * every call.
 */
public final class JsonBody extends RequestBody {
  private final Object request;

  /** The {@code stream} flag to send, null for none. */
  private final @Nullable Boolean stream;

  private final long length;

  /** The first encoding, until the first attempt takes it. */
  private @Nullable Buffer encoded;

  private JsonBody(Object request, @Nullable Boolean stream, Buffer encoded) {
    this.request = request;
    this.stream = stream;
    this.encoded = encoded;
    this.length = encoded.size();
  }

  /**
   * Encodes {@code request}.
   *
   * @see Json#writeRequest(Object, Boolean)
   */
  public static JsonBody of(Object request, @Nullable Boolean stream) {
    return new JsonBody(request, stream, encode(request, stream));
  }

  private static Buffer encode(Object request, @Nullable Boolean stream) {
    Buffer b = new Buffer();
    Json.writeRequest(request, stream, b.outputStream());
    return b;
  }

  @Override
  public MediaType contentType() {
    return NodeClient.JSON;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    Buffer b;
    synchronized (this) {
      b = encoded;
      encoded = null;
    }
    if (b == null) {
      b = encode(request, stream);
    }
    sink.write(b, b.size());
  }
}
