package io.ollamalan.benchmarks.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The floor: OkHttp with a hand-written JSON request and Jackson mapping the answer, nothing else.
 *
 * <p>The dispatcher's limits are raised (OkHttp allows 5 async calls per host by default) and the
 * pool keeps as many idle connections as the SDK's, so that neither client is throttled by a
 * default the other does not have.
 */
public final class RawOkHttpTarget implements ChatTarget {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectReader READER = new ObjectMapper().readerFor(Reply.class);

  /** One message of the conversation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Msg(String role, String content) {}

  /** The part of Ollama's answer the caller reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reply(String model, Msg message, boolean done) {}

  private final OkHttpClient http;
  private final String[] urls;
  private final AtomicInteger next = new AtomicInteger();
  private final String model;

  public RawOkHttpTarget(String baseUrl, String model) {
    this(List.of(baseUrl), model);
  }

  /** Round-robin over {@code baseUrls}: the floor for a client that spreads calls over a fleet. */
  public RawOkHttpTarget(List<String> baseUrls, String model) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(4096);
    dispatcher.setMaxRequestsPerHost(1024);
    this.http =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(32, 60, TimeUnit.SECONDS))
            .build();
    this.urls = baseUrls.stream().map(u -> u + "/api/chat").toArray(String[]::new);
    this.model = model;
  }

  private Request request() {
    // The prompt needs no escaping; a caller who knows that writes the body directly.
    byte[] body =
        ("{\"model\":\""
                + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + ChatTarget.prompt()
                + "\"}],\"stream\":false}")
            .getBytes(StandardCharsets.UTF_8);
    String url =
        urls.length == 1 ? urls[0] : urls[Math.floorMod(next.getAndIncrement(), urls.length)];
    return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
  }

  private static String read(Response response) throws IOException {
    try (ResponseBody body = response.body()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + ": " + body.string());
      }
      return READER.<Reply>readValue(body.bytes()).message().content();
    }
  }

  @Override
  public String chat() {
    try (Response response = http.newCall(request()).execute()) {
      return read(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompletableFuture<String> chatAsync() {
    CompletableFuture<String> out = new CompletableFuture<>();
    http.newCall(request())
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                out.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  out.complete(read(response));
                } catch (IOException | RuntimeException e) {
                  out.completeExceptionally(e);
                }
              }
            });
    return out;
  }

  /** The client, for benchmarks that need calls of their own (streams). */
  public OkHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
