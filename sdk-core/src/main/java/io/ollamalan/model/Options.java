package io.ollamalan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Modelfile parameters for one request ({@code options}). Every value is optional: {@code null}
 * means "not sent", and the node then uses the model's Modelfile value or else Ollama's default
 * (given on each component). The model's parameters are applied first, then these.
 *
 * <p>Options this SDK has no typed component for (for example {@code draft_num_predict}) go into
 * {@link #extra()}; they are sent flattened into the same JSON object. The node ignores unknown
 * keys with a log warning and answers HTTP 500 {@code option "<k>" must be of type ...} for a wrong
 * type.
 */
public final class Options {

  /** Wire names of the typed components; {@link #extra()} must not use them. */
  public static final Set<String> TYPED_NAMES =
      Set.of(
          "num_keep",
          "seed",
          "num_predict",
          "top_k",
          "top_p",
          "min_p",
          "typical_p",
          "repeat_last_n",
          "temperature",
          "repeat_penalty",
          "presence_penalty",
          "frequency_penalty",
          "stop",
          "num_ctx",
          "num_batch",
          "num_gpu",
          "main_gpu",
          "use_mmap",
          "num_thread");

  private static final Options EMPTY = builder().build();

  private final @Nullable Integer numKeep;
  private final @Nullable Integer seed;
  private final @Nullable Integer numPredict;
  private final @Nullable Integer topK;
  private final @Nullable Double topP;
  private final @Nullable Double minP;
  private final @Nullable Double typicalP;
  private final @Nullable Integer repeatLastN;
  private final @Nullable Double temperature;
  private final @Nullable Double repeatPenalty;
  private final @Nullable Double presencePenalty;
  private final @Nullable Double frequencyPenalty;
  private final List<String> stop;
  private final @Nullable Integer numCtx;
  private final @Nullable Integer numBatch;
  private final @Nullable Integer numGpu;
  private final @Nullable Integer mainGpu;
  private final @Nullable Boolean useMmap;
  private final @Nullable Integer numThread;
  private final Map<String, Object> extra;

  private Options(Builder b) {
    this.numKeep = b.numKeep;
    this.seed = b.seed;
    this.numPredict = b.numPredict;
    this.topK = b.topK;
    this.topP = b.topP;
    this.minP = b.minP;
    this.typicalP = b.typicalP;
    this.repeatLastN = b.repeatLastN;
    this.temperature = b.temperature;
    this.repeatPenalty = b.repeatPenalty;
    this.presencePenalty = b.presencePenalty;
    this.frequencyPenalty = b.frequencyPenalty;
    this.stop = Values.list(b.stop, "stop");
    this.numCtx = b.numCtx;
    this.numBatch = b.numBatch;
    this.numGpu = b.numGpu;
    this.mainGpu = b.mainGpu;
    this.useMmap = b.useMmap;
    this.numThread = b.numThread;
    this.extra = Values.jsonObject(b.extra, "extra");
  }

  /**
   * {@code num_keep}: Tokens of the prompt to keep when the context is shifted. Ollama's default:
   * 4.
   */
  public @Nullable Integer numKeep() {
    return numKeep;
  }

  /**
   * {@code seed}: Random seed; the same seed, prompt and options give the same answer. Ollama's
   * default: -1 (random).
   */
  public @Nullable Integer seed() {
    return seed;
  }

  /**
   * {@code num_predict}: Maximum tokens to generate; -1 is unbounded (the server still caps it at a
   * multiple of {@code num_ctx}). Ollama's default: -1.
   */
  public @Nullable Integer numPredict() {
    return numPredict;
  }

  /** {@code top_k}: Sample only from the K most likely tokens. Ollama's default: 40. */
  public @Nullable Integer topK() {
    return topK;
  }

  /**
   * {@code top_p}: Nucleus sampling: sample from the smallest set of tokens whose probability
   * reaches P. Ollama's default: 0.9.
   */
  public @Nullable Double topP() {
    return topP;
  }

  /**
   * {@code min_p}: Drop tokens less likely than P times the most likely one. Ollama's default: 0.0.
   */
  public @Nullable Double minP() {
    return minP;
  }

  /** {@code typical_p}: Locally typical sampling. Ollama's default: 1.0 (off). */
  public @Nullable Double typicalP() {
    return typicalP;
  }

  /**
   * {@code repeat_last_n}: How many recent tokens the repeat penalty looks at. Ollama's default:
   * 64.
   */
  public @Nullable Integer repeatLastN() {
    return repeatLastN;
  }

  /** {@code temperature}: Sampling temperature; 0 is greedy. Ollama's default: 0.8. */
  public @Nullable Double temperature() {
    return temperature;
  }

  /** {@code repeat_penalty}: Penalty for repeated tokens. Ollama's default: 1.0. */
  public @Nullable Double repeatPenalty() {
    return repeatPenalty;
  }

  /** {@code presence_penalty}: Penalty for tokens already present. Ollama's default: 0.0. */
  public @Nullable Double presencePenalty() {
    return presencePenalty;
  }

  /** {@code frequency_penalty}: Penalty proportional to token frequency. Ollama's default: 0.0. */
  public @Nullable Double frequencyPenalty() {
    return frequencyPenalty;
  }

  /**
   * {@code stop}: Stop sequences; generation ends before any of them. Ollama's default: the model's
   * Modelfile {@code stop} parameters. Empty means not sent.
   */
  public List<String> stop() {
    return stop;
  }

  /**
   * {@code num_ctx}: Context window in tokens. Ollama's default: {@code OLLAMA_CONTEXT_LENGTH}, or
   * when that is 0 a VRAM-tiered value (4096 below ~24 GiB, 32768 from 24 GiB, 262144 from 48 GiB);
   * the server floors it at 4 (2048 for vision models). A different value from the loaded one
   * reloads the model.
   */
  public @Nullable Integer numCtx() {
    return numCtx;
  }

  /**
   * {@code num_batch}: Prompt-processing batch size. Ollama's default: 512 (may be raised
   * automatically).
   */
  public @Nullable Integer numBatch() {
    return numBatch;
  }

  /** {@code num_gpu}: Layers to offload to the GPU; -1 is automatic. Ollama's default: -1. */
  public @Nullable Integer numGpu() {
    return numGpu;
  }

  /** {@code main_gpu}: The GPU that holds small tensors when splitting. Ollama's default: unset. */
  public @Nullable Integer mainGpu() {
    return mainGpu;
  }

  /**
   * {@code use_mmap}: Whether to memory-map the model file. Ollama's default: unset (automatic).
   */
  public @Nullable Boolean useMmap() {
    return useMmap;
  }

  /** {@code num_thread}: CPU threads for generation; 0 is automatic. Ollama's default: 0. */
  public @Nullable Integer numThread() {
    return numThread;
  }

  /** Options without a typed component, by wire name, in insertion order; never null */
  public Map<String, Object> extra() {
    return extra;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Options)) {
      return false;
    }
    Options that = (Options) o;
    return Objects.equals(numKeep, that.numKeep)
        && Objects.equals(seed, that.seed)
        && Objects.equals(numPredict, that.numPredict)
        && Objects.equals(topK, that.topK)
        && Objects.equals(topP, that.topP)
        && Objects.equals(minP, that.minP)
        && Objects.equals(typicalP, that.typicalP)
        && Objects.equals(repeatLastN, that.repeatLastN)
        && Objects.equals(temperature, that.temperature)
        && Objects.equals(repeatPenalty, that.repeatPenalty)
        && Objects.equals(presencePenalty, that.presencePenalty)
        && Objects.equals(frequencyPenalty, that.frequencyPenalty)
        && Objects.equals(stop, that.stop)
        && Objects.equals(numCtx, that.numCtx)
        && Objects.equals(numBatch, that.numBatch)
        && Objects.equals(numGpu, that.numGpu)
        && Objects.equals(mainGpu, that.mainGpu)
        && Objects.equals(useMmap, that.useMmap)
        && Objects.equals(numThread, that.numThread)
        && Objects.equals(extra, that.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        numKeep,
        seed,
        numPredict,
        topK,
        topP,
        minP,
        typicalP,
        repeatLastN,
        temperature,
        repeatPenalty,
        presencePenalty,
        frequencyPenalty,
        stop,
        numCtx,
        numBatch,
        numGpu,
        mainGpu,
        useMmap,
        numThread,
        extra);
  }

  /** Only the options that are set, by Java name. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Options[");
    append(sb, "numKeep", numKeep);
    append(sb, "seed", seed);
    append(sb, "numPredict", numPredict);
    append(sb, "topK", topK);
    append(sb, "topP", topP);
    append(sb, "minP", minP);
    append(sb, "typicalP", typicalP);
    append(sb, "repeatLastN", repeatLastN);
    append(sb, "temperature", temperature);
    append(sb, "repeatPenalty", repeatPenalty);
    append(sb, "presencePenalty", presencePenalty);
    append(sb, "frequencyPenalty", frequencyPenalty);
    append(sb, "numCtx", numCtx);
    append(sb, "numBatch", numBatch);
    append(sb, "numGpu", numGpu);
    append(sb, "mainGpu", mainGpu);
    append(sb, "useMmap", useMmap);
    append(sb, "numThread", numThread);
    if (!stop.isEmpty()) {
      append(sb, "stop", stop);
    }
    if (!extra.isEmpty()) {
      append(sb, "extra", extra);
    }
    return sb.append(']').toString();
  }

  private static void append(StringBuilder sb, String name, @Nullable Object value) {
    if (value != null) {
      sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ")
          .append(name)
          .append('=')
          .append(value);
    }
  }

  /** Options with nothing set. */
  public static Options empty() {
    return EMPTY;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numKeep = numKeep;
    b.seed = seed;
    b.numPredict = numPredict;
    b.topK = topK;
    b.topP = topP;
    b.minP = minP;
    b.typicalP = typicalP;
    b.repeatLastN = repeatLastN;
    b.temperature = temperature;
    b.repeatPenalty = repeatPenalty;
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.stop = stop;
    b.numCtx = numCtx;
    b.numBatch = numBatch;
    b.numGpu = numGpu;
    b.mainGpu = mainGpu;
    b.useMmap = useMmap;
    b.numThread = numThread;
    b.extra.putAll(extra);
    return b;
  }

  /** Whether no option is set, in which case requests omit {@code options}. */
  public boolean isEmpty() {
    return equals(EMPTY);
  }

  /** Builds {@link Options}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Integer numKeep;
    private @Nullable Integer seed;
    private @Nullable Integer numPredict;
    private @Nullable Integer topK;
    private @Nullable Double topP;
    private @Nullable Double minP;
    private @Nullable Double typicalP;
    private @Nullable Integer repeatLastN;
    private @Nullable Double temperature;
    private @Nullable Double repeatPenalty;
    private @Nullable Double presencePenalty;
    private @Nullable Double frequencyPenalty;
    private @Nullable List<String> stop;
    private @Nullable Integer numCtx;
    private @Nullable Integer numBatch;
    private @Nullable Integer numGpu;
    private @Nullable Integer mainGpu;
    private @Nullable Boolean useMmap;
    private @Nullable Integer numThread;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets {@code num_keep}: Tokens of the prompt to keep when the context is shifted. Ollama's
     * default: 4. {@code null} unsets it.
     */
    public Builder numKeep(@Nullable Integer numKeep) {
      this.numKeep = numKeep;
      return this;
    }

    /**
     * Sets {@code seed}: Random seed; the same seed, prompt and options give the same answer.
     * Ollama's default: -1 (random). {@code null} unsets it.
     */
    public Builder seed(@Nullable Integer seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets {@code num_predict}: Maximum tokens to generate; -1 is unbounded (the server still caps
     * it at a multiple of {@code num_ctx}). Ollama's default: -1. {@code null} unsets it.
     */
    public Builder numPredict(@Nullable Integer numPredict) {
      this.numPredict = numPredict;
      return this;
    }

    /**
     * Sets {@code top_k}: Sample only from the K most likely tokens. Ollama's default: 40. {@code
     * null} unsets it.
     */
    public Builder topK(@Nullable Integer topK) {
      this.topK = topK;
      return this;
    }

    /**
     * Sets {@code top_p}: Nucleus sampling: sample from the smallest set of tokens whose
     * probability reaches P. Ollama's default: 0.9. {@code null} unsets it.
     */
    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets {@code min_p}: Drop tokens less likely than P times the most likely one. Ollama's
     * default: 0.0. {@code null} unsets it.
     */
    public Builder minP(@Nullable Double minP) {
      this.minP = minP;
      return this;
    }

    /**
     * Sets {@code typical_p}: Locally typical sampling. Ollama's default: 1.0 (off). {@code null}
     * unsets it.
     */
    public Builder typicalP(@Nullable Double typicalP) {
      this.typicalP = typicalP;
      return this;
    }

    /**
     * Sets {@code repeat_last_n}: How many recent tokens the repeat penalty looks at. Ollama's
     * default: 64. {@code null} unsets it.
     */
    public Builder repeatLastN(@Nullable Integer repeatLastN) {
      this.repeatLastN = repeatLastN;
      return this;
    }

    /**
     * Sets {@code temperature}: Sampling temperature; 0 is greedy. Ollama's default: 0.8. {@code
     * null} unsets it.
     */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets {@code repeat_penalty}: Penalty for repeated tokens. Ollama's default: 1.0. {@code null}
     * unsets it.
     */
    public Builder repeatPenalty(@Nullable Double repeatPenalty) {
      this.repeatPenalty = repeatPenalty;
      return this;
    }

    /**
     * Sets {@code presence_penalty}: Penalty for tokens already present. Ollama's default: 0.0.
     * {@code null} unsets it.
     */
    public Builder presencePenalty(@Nullable Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    /**
     * Sets {@code frequency_penalty}: Penalty proportional to token frequency. Ollama's default:
     * 0.0. {@code null} unsets it.
     */
    public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    /**
     * Sets {@code stop}: Stop sequences; generation ends before any of them. Ollama's default: the
     * model's Modelfile {@code stop} parameters. Empty means not sent. {@code null} unsets it.
     */
    public Builder stop(@Nullable List<String> stop) {
      this.stop = stop;
      return this;
    }

    /**
     * Sets {@code num_ctx}: Context window in tokens. Ollama's default: {@code
     * OLLAMA_CONTEXT_LENGTH}, or when that is 0 a VRAM-tiered value (4096 below ~24 GiB, 32768 from
     * 24 GiB, 262144 from 48 GiB); the server floors it at 4 (2048 for vision models). A different
     * value from the loaded one reloads the model. {@code null} unsets it.
     */
    public Builder numCtx(@Nullable Integer numCtx) {
      this.numCtx = numCtx;
      return this;
    }

    /**
     * Sets {@code num_batch}: Prompt-processing batch size. Ollama's default: 512 (may be raised
     * automatically). {@code null} unsets it.
     */
    public Builder numBatch(@Nullable Integer numBatch) {
      this.numBatch = numBatch;
      return this;
    }

    /**
     * Sets {@code num_gpu}: Layers to offload to the GPU; -1 is automatic. Ollama's default: -1.
     * {@code null} unsets it.
     */
    public Builder numGpu(@Nullable Integer numGpu) {
      this.numGpu = numGpu;
      return this;
    }

    /**
     * Sets {@code main_gpu}: The GPU that holds small tensors when splitting. Ollama's default:
     * unset. {@code null} unsets it.
     */
    public Builder mainGpu(@Nullable Integer mainGpu) {
      this.mainGpu = mainGpu;
      return this;
    }

    /**
     * Sets {@code use_mmap}: Whether to memory-map the model file. Ollama's default: unset
     * (automatic). {@code null} unsets it.
     */
    public Builder useMmap(@Nullable Boolean useMmap) {
      this.useMmap = useMmap;
      return this;
    }

    /**
     * Sets {@code num_thread}: CPU threads for generation; 0 is automatic. Ollama's default: 0.
     * {@code null} unsets it.
     */
    public Builder numThread(@Nullable Integer numThread) {
      this.numThread = numThread;
      return this;
    }

    /** Sets {@code stop} from varargs. */
    public Builder stop(String @Nullable ... stop) {
      return stop(stop == null ? null : Arrays.asList(stop));
    }

    /**
     * Sets an option that has no typed setter, e.g. {@code extra("draft_num_predict", 4)}. The
     * value must be a JSON value; {@code null} removes the key.
     */
    public Builder extra(String name, @Nullable Object value) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("extra option name must not be empty");
      }
      if (TYPED_NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "extra must not contain \"" + name + "\"; use the typed option instead");
      }
      if (value == null) {
        extra.remove(name);
      } else {
        extra.put(name, value);
      }
      return this;
    }

    /** Validates and builds. */
    public Options build() {
      if (topP != null && (topP < 0 || topP > 1)) {
        throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
      }
      if (minP != null && (minP < 0 || minP > 1)) {
        throw new IllegalArgumentException("minP must be between 0 and 1, was " + minP);
      }
      if (temperature != null && temperature < 0) {
        throw new IllegalArgumentException("temperature must not be negative, was " + temperature);
      }
      if (numCtx != null && numCtx < 1) {
        throw new IllegalArgumentException("numCtx must be positive, was " + numCtx);
      }
      return new Options(this);
    }
  }
}
