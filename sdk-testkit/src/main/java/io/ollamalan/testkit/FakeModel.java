package io.ollamalan.testkit;

import io.ollamalan.testkit.internal.ModelName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An installed model of a {@link FakeOllamaNode}. Immutable: every {@code withX}-style method
 * returns a modified copy, so a template can be shared.
 *
 * <pre>{@code
 * FakeModel.chat("llama3.2").parameterSize("3.2B").thinking(true).reply("Hi there.")
 * FakeModel.embedding("all-minilm").dimensions(384)
 * }</pre>
 */
public final class FakeModel {

  private final String name;
  private final Set<Capability> capabilities;
  private final String family;
  private final String parameterSize;
  private final String quantizationLevel;
  private final long sizeBytes;
  private final @Nullable String digest;
  private final @Nullable String reply;
  private final int replyTokens;
  private final int dimensions;
  private final int contextLength;
  private final @Nullable Duration loadTime;
  private final Instant modifiedAt;
  private final @Nullable String system;

  private FakeModel(
      String name,
      Set<Capability> capabilities,
      String family,
      String parameterSize,
      String quantizationLevel,
      long sizeBytes,
      @Nullable String digest,
      @Nullable String reply,
      int replyTokens,
      int dimensions,
      int contextLength,
      @Nullable Duration loadTime,
      Instant modifiedAt,
      @Nullable String system) {
    this.name = name;
    this.capabilities = capabilities;
    this.family = family;
    this.parameterSize = parameterSize;
    this.quantizationLevel = quantizationLevel;
    this.sizeBytes = sizeBytes;
    this.digest = digest;
    this.reply = reply;
    this.replyTokens = replyTokens;
    this.dimensions = dimensions;
    this.contextLength = contextLength;
    this.loadTime = loadTime;
    this.modifiedAt = modifiedAt;
    this.system = system;
  }

  /**
   * A text model with capabilities {@code completion} and {@code tools}, family {@code llama},
   * parameter size {@code 3.2B}, quantization {@code Q4_K_M}, 2,019,393,189 bytes, a 24-token
   * generated reply, 3072 embedding dimensions and a 131072-token training context.
   *
   * @param name a model reference; it is normalized, e.g. {@code llama3.2} becomes {@code
   *     llama3.2:latest}
   * @throws IllegalArgumentException if the name is not a valid Ollama model name
   */
  public static FakeModel chat(String name) {
    return new FakeModel(
        normalize(name),
        caps(Capability.COMPLETION, Capability.TOOLS),
        "llama",
        "3.2B",
        "Q4_K_M",
        2_019_393_189L,
        null,
        null,
        24,
        3072,
        131_072,
        null,
        Instant.now(),
        null);
  }

  /**
   * An embedding-only model (capability {@code embedding}), family {@code bert}, parameter size
   * {@code 22.6M}, quantization {@code F16}, 45,960,996 bytes, 384 dimensions, 512-token context.
   *
   * @throws IllegalArgumentException if the name is not a valid Ollama model name
   */
  public static FakeModel embedding(String name) {
    return new FakeModel(
        normalize(name),
        caps(Capability.EMBEDDING),
        "bert",
        "22.6M",
        "F16",
        45_960_996L,
        null,
        null,
        24,
        384,
        512,
        null,
        Instant.now(),
        null);
  }

  private static String normalize(String name) {
    ModelName parsed = ModelName.parse(name);
    if (parsed == null) {
      throw new IllegalArgumentException("Invalid model name: '" + name + "'");
    }
    return parsed.display();
  }

  private static Set<Capability> caps(Capability... caps) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    Collections.addAll(set, caps);
    return Collections.unmodifiableSet(set);
  }

  private FakeModel copy(
      String name,
      Set<Capability> capabilities,
      String family,
      String parameterSize,
      String quantizationLevel,
      long sizeBytes,
      @Nullable String digest,
      @Nullable String reply,
      int replyTokens,
      int dimensions,
      int contextLength,
      @Nullable Duration loadTime,
      Instant modifiedAt,
      @Nullable String system) {
    return new FakeModel(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** A copy under another name (normalized); the digest is kept only if it was set explicitly. */
  public FakeModel named(String newName) {
    return copy(
        normalize(newName),
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Replaces the whole capability set. */
  public FakeModel capabilities(Capability... caps) {
    return copy(
        name,
        caps(caps),
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  private FakeModel toggle(Capability cap, boolean on) {
    EnumSet<Capability> set =
        capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    if (on) {
      set.add(cap);
    } else {
      set.remove(cap);
    }
    return copy(
        name,
        Collections.unmodifiableSet(set),
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Adds or removes {@link Capability#THINKING} (default off). */
  public FakeModel thinking(boolean on) {
    return toggle(Capability.THINKING, on);
  }

  /** Adds or removes {@link Capability#TOOLS} (default on for chat models). */
  public FakeModel tools(boolean on) {
    return toggle(Capability.TOOLS, on);
  }

  /** Adds or removes {@link Capability#INSERT} (default off). */
  public FakeModel insert(boolean on) {
    return toggle(Capability.INSERT, on);
  }

  /** Adds or removes {@link Capability#VISION} (default off). */
  public FakeModel vision(boolean on) {
    return toggle(Capability.VISION, on);
  }

  /** Model family, e.g. {@code llama}. */
  public FakeModel family(String family) {
    Objects.requireNonNull(family, "family");
    return copy(
        name,
        capabilities,
        Objects.requireNonNull(family),
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Parameter size as displayed, e.g. {@code 3.2B}. */
  public FakeModel parameterSize(String size) {
    Objects.requireNonNull(size, "size");
    return copy(
        name,
        capabilities,
        family,
        Objects.requireNonNull(size),
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Quantization level, e.g. {@code Q4_K_M}. */
  public FakeModel quantization(String level) {
    Objects.requireNonNull(level, "level");
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        Objects.requireNonNull(level),
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /**
   * Size in bytes: {@code size} in {@code /api/tags}, {@code size} and {@code size_vram} in {@code
   * /api/ps}, and the memory the scheduler accounts for while the model is loaded.
   */
  public FakeModel sizeBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("sizeBytes must be positive: " + bytes);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        bytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Manifest digest as 64 hex characters; defaults to a hash of the name. */
  public FakeModel digest(String hex) {
    if (hex == null || !hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("digest must be 64 lower-case hex characters: " + hex);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        hex,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /**
   * A fixed reply (split into tokens, one per stream chunk) instead of generated text; null
   * restores generated text. {@code options.num_predict} still truncates it.
   */
  public FakeModel reply(@Nullable String text) {
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        text,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Length in tokens of a generated reply (default 24); ends with {@code done_reason:"stop"}. */
  public FakeModel replyTokens(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("replyTokens must be at least 1: " + tokens);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        tokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Embedding vector length (default 384 for embedding models, 3072 for chat models). */
  public FakeModel dimensions(int dims) {
    if (dims < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1: " + dims);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dims,
        contextLength,
        loadTime,
        modifiedAt,
        system);
  }

  /** Training context length in tokens; a request's {@code num_ctx} is clamped to it. */
  public FakeModel contextLength(int tokens) {
    if (tokens < 4) {
      throw new IllegalArgumentException("contextLength must be at least 4: " + tokens);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        tokens,
        loadTime,
        modifiedAt,
        system);
  }

  /**
   * Simulated load time; overrides {@link SchedulerConfig.Builder#loadBytesPerSecond(long)}. Null
   * (the default) defers to the scheduler.
   */
  public FakeModel loadTime(@Nullable Duration time) {
    if (time != null && time.isNegative()) {
      throw new IllegalArgumentException("loadTime must not be negative: " + time);
    }
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        time,
        modifiedAt,
        system);
  }

  /** {@code modified_at} in {@code /api/tags}; defaults to when the model was created. */
  public FakeModel modifiedAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        instant,
        system);
  }

  /** The Modelfile SYSTEM prompt (default none); prepended to chats without a system message. */
  public FakeModel system(@Nullable String prompt) {
    return copy(
        name,
        capabilities,
        family,
        parameterSize,
        quantizationLevel,
        sizeBytes,
        digest,
        reply,
        replyTokens,
        dimensions,
        contextLength,
        loadTime,
        modifiedAt,
        prompt);
  }

  /** The normalized display name, e.g. {@code llama3.2:latest}. */
  public String name() {
    return name;
  }

  /** The capabilities, unmodifiable. */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** True if the model has the capability. */
  public boolean has(Capability cap) {
    return capabilities.contains(cap);
  }

  /** Model family. */
  public String family() {
    return family;
  }

  /** Parameter size label. */
  public String parameterSize() {
    return parameterSize;
  }

  /** Quantization level label. */
  public String quantizationLevel() {
    return quantizationLevel;
  }

  /** Size in bytes. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** Manifest digest (64 hex characters). */
  public String digest() {
    if (digest != null) {
      return digest;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("fake-ollama-manifest:" + name).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixed reply, or null for generated text. */
  public @Nullable String reply() {
    return reply;
  }

  /** Length in tokens of generated replies. */
  public int replyTokens() {
    return replyTokens;
  }

  /** Embedding vector length. */
  public int dimensions() {
    return dimensions;
  }

  /** Training context length. */
  public int contextLength() {
    return contextLength;
  }

  /** Simulated load time, or null to let the scheduler decide. */
  public @Nullable Duration loadTime() {
    return loadTime;
  }

  /** Modification time. */
  public Instant modifiedAt() {
    return modifiedAt;
  }

  /** Modelfile SYSTEM prompt, or null. */
  public @Nullable String system() {
    return system;
  }

  @Override
  public String toString() {
    return "FakeModel{" + name + ", " + capabilities + ", " + sizeBytes + " bytes}";
  }
}
