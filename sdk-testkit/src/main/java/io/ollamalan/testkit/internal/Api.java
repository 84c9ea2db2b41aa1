package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.ollamalan.testkit.FakeModel;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Routes requests to Ollama's native endpoints and implements the non-inference ones. */
public final class Api {

  private static final Pattern DIGEST = Pattern.compile("^sha256[:-][0-9a-fA-F]{64}$");
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private final NodeContext node;
  private final Inference inference;
  private volatile @Nullable Set<InetAddress> localAddresses;
  private volatile @Nullable String hostname;

  public Api(NodeContext node) {
    this.node = node;
    this.inference = new Inference(node);
  }

  /**
   * Handles one exchange; errors escaping as {@link ApiError} become {@code {"error"}} responses.
   */
  public void handle(Exchange ex) {
    if (node.hostCheck() && !allowedHost(ex.headers().get(HttpHeaderNames.HOST))) {
      ex.sendEmpty(403);
      return;
    }
    HttpMethod m = ex.method();
    if (HttpMethod.OPTIONS.equals(m)) {
      ex.sendEmpty(204);
      return;
    }
    String path = ex.path();
    if (path.startsWith("/api/blobs/")
        && path.length() > "/api/blobs/".length()
        && path.indexOf('/', "/api/blobs/".length()) < 0) {
      if (HttpMethod.HEAD.equals(m)) {
        headBlob(ex, path.substring("/api/blobs/".length()));
      } else if (HttpMethod.POST.equals(m)) {
        createBlob(ex, path.substring("/api/blobs/".length()));
      } else {
        notAllowed(ex);
      }
      return;
    }
    switch (path) {
      case "/":
        if (getOrHead(ex)) {
          ex.sendText(200, Exchange.TEXT_UTF8, "Ollama is running");
        }
        break;
      case "/api/version":
        if (getOrHead(ex)) {
          version(ex);
        }
        break;
      case "/api/status":
        if (only(ex, HttpMethod.GET)) {
          ex.sendJson(
              200,
              Unpooled.copiedBuffer(
                  "{\"cloud\":{\"disabled\":false,\"source\":\"none\"}}", StandardCharsets.UTF_8));
        }
        break;
      case "/api/tags":
        if (getOrHead(ex)) {
          tags(ex);
        }
        break;
      case "/api/ps":
        if (only(ex, HttpMethod.GET)) {
          ps(ex);
        }
        break;
      case "/api/generate":
        if (only(ex, HttpMethod.POST)) {
          inference.generate(ex);
        }
        break;
      case "/api/chat":
        if (only(ex, HttpMethod.POST)) {
          inference.chat(ex);
        }
        break;
      case "/api/embed":
        if (only(ex, HttpMethod.POST)) {
          inference.embed(ex);
        }
        break;
      case "/api/embeddings":
        if (only(ex, HttpMethod.POST)) {
          inference.embeddings(ex);
        }
        break;
      case "/api/show":
        if (only(ex, HttpMethod.POST)) {
          show(ex);
        }
        break;
      case "/api/pull":
        if (only(ex, HttpMethod.POST)) {
          pull(ex);
        }
        break;
      case "/api/push":
        if (only(ex, HttpMethod.POST)) {
          push(ex);
        }
        break;
      case "/api/create":
        if (only(ex, HttpMethod.POST)) {
          create(ex);
        }
        break;
      case "/api/copy":
        if (only(ex, HttpMethod.POST)) {
          copy(ex);
        }
        break;
      case "/api/delete":
        if (only(ex, HttpMethod.DELETE)) {
          delete(ex);
        }
        break;
      default:
        ex.sendText(404, Exchange.TEXT, "404 page not found");
        break;
    }
  }

  private static boolean getOrHead(Exchange ex) {
    if (HttpMethod.GET.equals(ex.method()) || HttpMethod.HEAD.equals(ex.method())) {
      return true;
    }
    notAllowed(ex);
    return false;
  }

  private static boolean only(Exchange ex, HttpMethod method) {
    if (method.equals(ex.method())) {
      return true;
    }
    notAllowed(ex);
    return false;
  }

  private static void notAllowed(Exchange ex) {
    ex.sendText(405, Exchange.TEXT, "405 method not allowed");
  }

  private boolean allowedHost(String hostHeader) {
    if (hostHeader == null) {
      return true;
    }
    String host = hostHeader.trim();
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      host = close > 0 ? host.substring(1, close) : host;
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(':') == colon) {
        host = host.substring(0, colon);
      }
    }
    if (host.isEmpty() || host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
      try {
        InetAddress addr = InetAddress.getByName(host);
        return addr.isLoopbackAddress()
            || addr.isAnyLocalAddress()
            || isPrivate(addr)
            || localAddresses().contains(addr);
      } catch (UnknownHostException e) {
        return false;
      }
    }
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".localhost") || lower.endsWith(".local") || lower.endsWith(".internal")) {
      return true;
    }
    return lower.equals(hostname());
  }

  private static boolean isPrivate(InetAddress addr) {
    byte[] b = addr.getAddress();
    if (b.length == 4) {
      int a0 = b[0] & 0xff;
      int a1 = b[1] & 0xff;
      return a0 == 10 || (a0 == 172 && a1 >= 16 && a1 < 32) || (a0 == 192 && a1 == 168);
    }
    return (b[0] & 0xfe) == 0xfc;
  }

  private Set<InetAddress> localAddresses() {
    Set<InetAddress> set = localAddresses;
    if (set == null) {
      set = new HashSet<>();
      try {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          set.addAll(Collections.list(ni.getInetAddresses()));
        }
      } catch (java.net.SocketException e) {
        // Without interface data only loopback and private addresses are allowed.
      }
      localAddresses = set;
    }
    return set;
  }

  private String hostname() {
    String h = hostname;
    if (h == null) {
      String env = System.getenv("HOSTNAME");
      h = env != null && !env.isBlank() ? env.trim().toLowerCase(java.util.Locale.ROOT) : "";
      hostname = h;
    }
    return h;
  }

  private void version(Exchange ex) {
    ByteBuf body =
        Json.write(
            ex.ctx(),
            32,
            g -> {
              g.writeStartObject();
              g.writeStringField("version", node.version());
              g.writeEndObject();
            });
    ex.sendJson(200, body);
  }

  private void tags(Exchange ex) {
    List<FakeModel> models = new ArrayList<>(node.installedModels());
    models.sort(
        Comparator.comparing((FakeModel fm) -> fm.modifiedAt())
            .reversed()
            .thenComparing(FakeModel::name));
    ByteBuf body =
        Json.write(
            ex.ctx(),
            256 + models.size() * 384,
            g -> {
              g.writeStartObject();
              g.writeArrayFieldStart("models");
              for (FakeModel m : models) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("model", m.name());
                g.writeStringField("modified_at", GoTime.local(m.modifiedAt()));
                g.writeNumberField("size", m.sizeBytes());
                g.writeStringField("digest", m.digest());
                Json.details(g, m);
                Json.capabilities(g, m);
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            });
    ex.sendJson(200, body);
  }

  private void ps(Exchange ex) {
    Scheduler s = node.scheduler();
    List<Scheduler.RunnerInfo> runners = new ArrayList<>(s.runners());
    runners.sort(Comparator.comparingLong((Scheduler.RunnerInfo r) -> r.expiresAt).reversed());
    long simNow = s.clock().now();
    Instant wallNow = NodeContext.now();
    ByteBuf body =
        Json.write(
            ex.ctx(),
            256 + runners.size() * 384,
            g -> {
              g.writeStartObject();
              g.writeArrayFieldStart("models");
              for (Scheduler.RunnerInfo r : runners) {
                FakeModel m = r.model;
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("model", m.name());
                g.writeNumberField("size", m.sizeBytes());
                g.writeStringField("digest", m.digest());
                Json.details(g, m);
                Instant expires =
                    r.expiresAt == Scheduler.FOREVER
                        ? wallNow.plusNanos(Long.MAX_VALUE)
                        : wallNow.plusNanos(r.expiresAt - simNow);
                g.writeStringField("expires_at", GoTime.local(expires));
                g.writeNumberField("size_vram", m.sizeBytes());
                g.writeNumberField("context_length", r.numCtx);
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            });
    ex.sendJson(200, body);
  }

  private static String modelField(Req r) {
    String model = r.string("model");
    if (model.isEmpty()) {
      model = r.string("name");
    }
    return model;
  }

  private void show(Exchange ex) {
    Req r = Req.parse(ex.body(), "ShowRequest");
    String raw = modelField(r);
    r.bool("verbose");
    if (raw.isEmpty()) {
      throw new ApiError(400, "model is required");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model '" + name.display() + "' not found");
    }
    ByteBuf body =
        Json.write(
            ex.ctx(),
            1024,
            g -> {
              g.writeStartObject();
              g.writeStringField(
                  "modelfile",
                  "# Modelfile generated by \"ollama show\"\n"
                      + "# To build a new Modelfile based on this, replace FROM with:\n"
                      + "# FROM "
                      + m.name()
                      + "\n\n"
                      + "FROM /root/.ollama/models/blobs/sha256-"
                      + m.digest()
                      + "\n"
                      + "TEMPLATE \"\"\""
                      + Inference.TEMPLATE
                      + "\"\"\"\n"
                      + (m.system() != null ? "SYSTEM \"\"\"" + m.system() + "\"\"\"\n" : "")
                      + "PARAMETER stop <|end|>\n");
              g.writeStringField("parameters", String.format("%-30s %s", "stop", "\"<|end|>\""));
              g.writeStringField("template", Inference.TEMPLATE);
              if (m.system() != null) {
                g.writeStringField("system", m.system());
              }
              Json.details(g, m);
              g.writeObjectFieldStart("model_info");
              Map<String, Object> info = new TreeMap<>();
              info.put("general.architecture", m.family());
              info.put("general.parameter_count", parameterCount(m.parameterSize()));
              info.put("general.quantization_version", 2);
              info.put(m.family() + ".context_length", m.contextLength());
              info.put(m.family() + ".embedding_length", m.dimensions());
              for (Map.Entry<String, Object> e : info.entrySet()) {
                if (e.getValue() instanceof String) {
                  g.writeStringField(e.getKey(), (String) e.getValue());
                } else {
                  g.writeNumberField(e.getKey(), ((Number) e.getValue()).longValue());
                }
              }
              g.writeEndObject();
              Json.capabilities(g, m);
              g.writeStringField("modified_at", GoTime.local(m.modifiedAt()));
              g.writeEndObject();
            });
    ex.sendJson(200, body);
  }

  static long parameterCount(String label) {
    try {
      String s = label.trim().toUpperCase(java.util.Locale.ROOT);
      double scale = 1;
      char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
      if (unit == 'B') {
        scale = 1e9;
      } else if (unit == 'M') {
        scale = 1e6;
      } else if (unit == 'K') {
        scale = 1e3;
      } else if (unit == 'T') {
        scale = 1e12;
      }
      String num = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
      return (long) (Double.parseDouble(num) * scale);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void pull(Exchange ex) {
    Req r = Req.parse(ex.body(), "PullRequest");
    String raw = modelField(r);
    r.bool("insecure");
    boolean stream = r.bool("stream", true);
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel source = node.registryModel(name);
    if (source == null) {
      source = node.find(name);
    }
    List<String> lines = new ArrayList<>();
    lines.add(status("pulling manifest"));
    String error = null;
    FakeModel installed = null;
    if (source == null) {
      error = "pull model manifest: file does not exist";
    } else {
      FakeModel m = source.named(name.display()).modifiedAt(NodeContext.now());
      String digest = m.digest();
      long total = m.sizeBytes();
      String pulling = "pulling " + digest.substring(0, 12);
      for (long done : new long[] {0, total / 3, (total / 3) * 2, total}) {
        lines.add(progress(pulling, "sha256:" + digest, total, done));
      }
      lines.add(status("verifying sha256 digest"));
      lines.add(status("writing manifest"));
      lines.add(status("success"));
      installed = m;
    }
    FakeModel toInstall = installed;
    progressResponse(
        ex,
        stream,
        lines,
        error,
        500,
        () -> {
          if (toInstall != null) {
            node.install(toInstall);
          }
        });
  }

  private void push(Exchange ex) {
    Req r = Req.parse(ex.body(), "PushRequest");
    String raw = modelField(r);
    r.bool("insecure");
    boolean stream = r.bool("stream", true);
    if (raw.isEmpty()) {
      throw new ApiError(400, "model is required");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    List<String> lines = new ArrayList<>();
    lines.add(status("retrieving manifest"));
    String error = null;
    if (m == null) {
      error = "model \"" + raw + "\" not found";
    } else {
      String pushing = "pushing " + m.digest().substring(0, 12);
      lines.add(progress(pushing, "sha256:" + m.digest(), m.sizeBytes(), 0));
      lines.add(progress(pushing, "sha256:" + m.digest(), m.sizeBytes(), m.sizeBytes()));
      lines.add(status("pushing manifest"));
      lines.add(status("success"));
    }
    progressResponse(ex, stream, lines, error, 500, null);
  }

  private void create(Exchange ex) {
    Req r = Req.parse(ex.body(), "CreateRequest");
    String raw = modelField(r);
    boolean stream = r.bool("stream", true);
    String from = r.string("from");
    ObjectNode files = r.object("files", "map[string]string");
    String system = r.string("system");
    String quantize = r.string("quantize");
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    if (from.isEmpty() && (files == null || files.isEmpty())) {
      throw new ApiError(400, "neither 'from' or 'files' was specified");
    }
    List<String> lines = new ArrayList<>();
    String error = null;
    FakeModel created = null;
    if (files != null && !files.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = e.getKey();
        if (path.startsWith("/") || path.contains("..") || path.matches("^[A-Za-z]:.*")) {
          throw new ApiError(400, "file path must be relative");
        }
        if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
          throw new ApiError(400, "invalid digest format");
        }
      }
      boolean gguf = false;
      for (Iterator<String> it = files.fieldNames(); it.hasNext(); ) {
        if (it.next().endsWith(".gguf")) {
          gguf = true;
        }
      }
      lines.add(status(gguf ? "parsing GGUF" : "converting model"));
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        lines.add(status("using existing layer " + it.next().getValue().textValue()));
      }
      created = FakeModel.chat(name.display());
    } else {
      FakeModel base = node.find(from);
      if (base == null) {
        lines.add(status("pulling manifest"));
        error = "pull model manifest: file does not exist";
      } else {
        lines.add(status("using existing layer sha256:" + base.digest()));
        created = base.named(name.display());
      }
    }
    if (created != null) {
      if (!quantize.isEmpty()) {
        lines.add(status("quantizing F16 model to " + quantize.toUpperCase(java.util.Locale.ROOT)));
        created = created.quantization(quantize.toUpperCase(java.util.Locale.ROOT));
      }
      if (!system.isEmpty()) {
        created = created.system(system);
        lines.add(status("creating new layer sha256:" + sha256(system)));
      }
      lines.add(status("writing manifest"));
      lines.add(status("success"));
      created = created.modifiedAt(NodeContext.now());
    }
    FakeModel toInstall = created;
    progressResponse(
        ex,
        stream,
        lines,
        error,
        500,
        () -> {
          if (toInstall != null) {
            node.install(toInstall);
          }
        });
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String status(String s) {
    return "{\"status\":" + quoteJson(s) + "}";
  }

  private static String progress(String s, String digest, long total, long completed) {
    return "{\"status\":"
        + quoteJson(s)
        + ",\"digest\":"
        + quoteJson(digest)
        + ",\"total\":"
        + total
        + (completed != 0 ? ",\"completed\":" + completed : "")
        + "}";
  }

  private static String quoteJson(String s) {
    try {
      return GoJson.MAPPER.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Streams progress lines (then an error line if any), or with {@code stream:false} answers the
   * last object, or the error with its status. {@code onSuccess} runs when the stream completes.
   */
  private void progressResponse(
      Exchange ex,
      boolean stream,
      List<String> lines,
      @Nullable String error,
      int errorStatus,
      @Nullable Runnable onSuccess) {
    if (!stream) {
      if (error != null) {
        ex.sendError(errorStatus, error);
        return;
      }
      if (onSuccess != null) {
        onSuccess.run();
      }
      ex.sendJson(200, Unpooled.copiedBuffer(lines.get(lines.size() - 1), StandardCharsets.UTF_8));
      return;
    }
    List<String> all = new ArrayList<>(lines);
    if (error != null) {
      all.add("{\"error\":" + quoteJson(error) + "}");
    }
    Iterator<String> it = all.iterator();
    ex.stream(
        node.clock(),
        new Exchange.LineSource() {
          @Override
          public long nextDue() {
            return Long.MIN_VALUE;
          }

          @Override
          public @Nullable ByteBuf next(ChannelHandlerContext ctx) {
            if (!it.hasNext()) {
              if (error == null && onSuccess != null) {
                onSuccess.run();
              }
              return null;
            }
            byte[] bytes = it.next().getBytes(StandardCharsets.UTF_8);
            ByteBuf buf = ctx.alloc().buffer(bytes.length + 1);
            buf.writeBytes(bytes);
            return buf;
          }
        },
        node.faults().take(ex.path(), true));
  }

  private void copy(Exchange ex) {
    Req r = Req.parse(ex.body(), "CopyRequest");
    String source = r.string("source");
    String destination = r.string("destination");
    ModelName src = ModelName.parse(source);
    if (src == null) {
      throw new ApiError(400, "source " + GoDuration.quote(source) + " is invalid");
    }
    ModelName dst = ModelName.parse(destination);
    if (dst == null) {
      throw new ApiError(400, "destination " + GoDuration.quote(destination) + " is invalid");
    }
    FakeModel m = node.find(src);
    if (m == null) {
      throw new ApiError(404, "model " + GoDuration.quote(source) + " not found");
    }
    node.install(m.named(dst.display()).modifiedAt(NodeContext.now()));
    ex.sendEmpty(200);
  }

  private void delete(Exchange ex) {
    Req r = Req.parse(ex.body(), "DeleteRequest");
    String raw = modelField(r);
    if (raw.isEmpty()) {
      throw new ApiError(400, "model is required");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "name " + GoDuration.quote(raw) + " is invalid");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model '" + raw + "' not found");
    }
    node.remove(m.name());
    node.scheduler().expire(m);
    ex.sendEmpty(200);
  }

  private void headBlob(Exchange ex, String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      ex.sendError(400, "invalid digest format");
      return;
    }
    if (node.hasBlob(normalizeDigest(digest))) {
      ex.sendEmpty(200);
    } else {
      ex.sendError(404, "blob " + GoDuration.quote(digest) + " not found");
    }
  }

  private void createBlob(Exchange ex, String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw new ApiError(400, "invalid digest format");
    }
    if (node.hasBlob(normalizeDigest(digest))) {
      ex.sendEmpty(200);
      return;
    }
    String actual;
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ByteBufUtil.getBytes(ex.body()));
      actual = "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (!actual.equals(digest)) {
      throw new ApiError(
          400,
          "digest mismatch, expected "
              + GoDuration.quote(digest)
              + ", got "
              + GoDuration.quote(actual));
    }
    node.addBlob(normalizeDigest(digest));
    ex.sendEmpty(201);
  }

  private static String normalizeDigest(String digest) {
    return "sha256:" + digest.substring(7).toLowerCase(java.util.Locale.ROOT);
  }
}
