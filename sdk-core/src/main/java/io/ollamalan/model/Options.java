package io.ollamalan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Modelfile parameters for one request ({@code options}). Every value is optional: {@code null}
 * means "not sent", and the node then uses the model's Modelfile value or else Ollama's default
 * (given on each component). The model's parameters are applied first, then these.
 *
 * <p>Options this SDK has no typed component for (for example {@code draft_num_predict}) go into
 * {@link #extra()}; they are sent flattened into the same JSON object. The node ignores unknown
 * keys with a log warning and answers HTTP 500 {@code option "<k>" must be of type ...} for a wrong
 * type.
 *
 * @param numKeep {@code num_keep}: Tokens of the prompt to keep when the context is shifted.
 *     Ollama's default: 4.
 * @param seed {@code seed}: Random seed; the same seed, prompt and options give the same answer.
 *     Ollama's default: -1 (random).
 * @param numPredict {@code num_predict}: Maximum tokens to generate; -1 is unbounded (the server
 *     still caps it at a multiple of {@code num_ctx}). Ollama's default: -1.
 * @param topK {@code top_k}: Sample only from the K most likely tokens. Ollama's default: 40.
 * @param topP {@code top_p}: Nucleus sampling: sample from the smallest set of tokens whose
 *     probability reaches P. Ollama's default: 0.9.
 * @param minP {@code min_p}: Drop tokens less likely than P times the most likely one. Ollama's
 *     default: 0.0.
 * @param typicalP {@code typical_p}: Locally typical sampling. Ollama's default: 1.0 (off).
 * @param repeatLastN {@code repeat_last_n}: How many recent tokens the repeat penalty looks at.
 *     Ollama's default: 64.
 * @param temperature {@code temperature}: Sampling temperature; 0 is greedy. Ollama's default: 0.8.
 * @param repeatPenalty {@code repeat_penalty}: Penalty for repeated tokens. Ollama's default: 1.0.
 * @param presencePenalty {@code presence_penalty}: Penalty for tokens already present. Ollama's
 *     default: 0.0.
 * @param frequencyPenalty {@code frequency_penalty}: Penalty proportional to token frequency.
 *     Ollama's default: 0.0.
 * @param stop {@code stop}: Stop sequences; generation ends before any of them. Ollama's default:
 *     the model's Modelfile {@code stop} parameters. Empty means not sent.
 * @param numCtx {@code num_ctx}: Context window in tokens. Ollama's default: {@code
 *     OLLAMA_CONTEXT_LENGTH}, or when that is 0 a VRAM-tiered value (4096 below ~24 GiB, 32768 from
 *     24 GiB, 262144 from 48 GiB); the server floors it at 4 (2048 for vision models). A different
 *     value from the loaded one reloads the model.
 * @param numBatch {@code num_batch}: Prompt-processing batch size. Ollama's default: 512 (may be
 *     raised automatically).
 * @param numGpu {@code num_gpu}: Layers to offload to the GPU; -1 is automatic. Ollama's default:
 *     -1.
 * @param mainGpu {@code main_gpu}: The GPU that holds small tensors when splitting. Ollama's
 *     default: unset.
 * @param useMmap {@code use_mmap}: Whether to memory-map the model file. Ollama's default: unset
 *     (automatic).
 * @param numThread {@code num_thread}: CPU threads for generation; 0 is automatic. Ollama's
 *     default: 0.
 * @param extra options without a typed component, by wire name, in insertion order; never null
 */
public record Options(
    Integer numKeep,
    Integer seed,
    Integer numPredict,
    Integer topK,
    Double topP,
    Double minP,
    Double typicalP,
    Integer repeatLastN,
    Double temperature,
    Double repeatPenalty,
    Double presencePenalty,
    Double frequencyPenalty,
    List<String> stop,
    Integer numCtx,
    Integer numBatch,
    Integer numGpu,
    Integer mainGpu,
    Boolean useMmap,
    Integer numThread,
    Map<String, Object> extra) {

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

  /**
   * Copies {@code stop} and {@code extra}; rejects {@code extra} keys that have a typed component.
   */
  public Options {
    stop = Values.list(stop, "stop");
    extra = Values.jsonObject(extra, "extra");
    for (String key : extra.keySet()) {
      if (TYPED_NAMES.contains(key)) {
        throw new IllegalArgumentException(
            "extra must not contain \"" + key + "\"; use the typed option instead");
      }
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
    private Integer numKeep;
    private Integer seed;
    private Integer numPredict;
    private Integer topK;
    private Double topP;
    private Double minP;
    private Double typicalP;
    private Integer repeatLastN;
    private Double temperature;
    private Double repeatPenalty;
    private Double presencePenalty;
    private Double frequencyPenalty;
    private List<String> stop;
    private Integer numCtx;
    private Integer numBatch;
    private Integer numGpu;
    private Integer mainGpu;
    private Boolean useMmap;
    private Integer numThread;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets {@code num_keep}: Tokens of the prompt to keep when the context is shifted. Ollama's
     * default: 4. {@code null} unsets it.
     */
    public Builder numKeep(Integer numKeep) {
      this.numKeep = numKeep;
      return this;
    }

    /**
     * Sets {@code seed}: Random seed; the same seed, prompt and options give the same answer.
     * Ollama's default: -1 (random). {@code null} unsets it.
     */
    public Builder seed(Integer seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets {@code num_predict}: Maximum tokens to generate; -1 is unbounded (the server still caps
     * it at a multiple of {@code num_ctx}). Ollama's default: -1. {@code null} unsets it.
     */
    public Builder numPredict(Integer numPredict) {
      this.numPredict = numPredict;
      return this;
    }

    /**
     * Sets {@code top_k}: Sample only from the K most likely tokens. Ollama's default: 40. {@code
     * null} unsets it.
     */
    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    /**
     * Sets {@code top_p}: Nucleus sampling: sample from the smallest set of tokens whose
     * probability reaches P. Ollama's default: 0.9. {@code null} unsets it.
     */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets {@code min_p}: Drop tokens less likely than P times the most likely one. Ollama's
     * default: 0.0. {@code null} unsets it.
     */
    public Builder minP(Double minP) {
      this.minP = minP;
      return this;
    }

    /**
     * Sets {@code typical_p}: Locally typical sampling. Ollama's default: 1.0 (off). {@code null}
     * unsets it.
     */
    public Builder typicalP(Double typicalP) {
      this.typicalP = typicalP;
      return this;
    }

    /**
     * Sets {@code repeat_last_n}: How many recent tokens the repeat penalty looks at. Ollama's
     * default: 64. {@code null} unsets it.
     */
    public Builder repeatLastN(Integer repeatLastN) {
      this.repeatLastN = repeatLastN;
      return this;
    }

    /**
     * Sets {@code temperature}: Sampling temperature; 0 is greedy. Ollama's default: 0.8. {@code
     * null} unsets it.
     */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets {@code repeat_penalty}: Penalty for repeated tokens. Ollama's default: 1.0. {@code null}
     * unsets it.
     */
    public Builder repeatPenalty(Double repeatPenalty) {
      this.repeatPenalty = repeatPenalty;
      return this;
    }

    /**
     * Sets {@code presence_penalty}: Penalty for tokens already present. Ollama's default: 0.0.
     * {@code null} unsets it.
     */
    public Builder presencePenalty(Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    /**
     * Sets {@code frequency_penalty}: Penalty proportional to token frequency. Ollama's default:
     * 0.0. {@code null} unsets it.
     */
    public Builder frequencyPenalty(Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    /**
     * Sets {@code stop}: Stop sequences; generation ends before any of them. Ollama's default: the
     * model's Modelfile {@code stop} parameters. Empty means not sent. {@code null} unsets it.
     */
    public Builder stop(List<String> stop) {
      this.stop = stop;
      return this;
    }

    /**
     * Sets {@code num_ctx}: Context window in tokens. Ollama's default: {@code
     * OLLAMA_CONTEXT_LENGTH}, or when that is 0 a VRAM-tiered value (4096 below ~24 GiB, 32768 from
     * 24 GiB, 262144 from 48 GiB); the server floors it at 4 (2048 for vision models). A different
     * value from the loaded one reloads the model. {@code null} unsets it.
     */
    public Builder numCtx(Integer numCtx) {
      this.numCtx = numCtx;
      return this;
    }

    /**
     * Sets {@code num_batch}: Prompt-processing batch size. Ollama's default: 512 (may be raised
     * automatically). {@code null} unsets it.
     */
    public Builder numBatch(Integer numBatch) {
      this.numBatch = numBatch;
      return this;
    }

    /**
     * Sets {@code num_gpu}: Layers to offload to the GPU; -1 is automatic. Ollama's default: -1.
     * {@code null} unsets it.
     */
    public Builder numGpu(Integer numGpu) {
      this.numGpu = numGpu;
      return this;
    }

    /**
     * Sets {@code main_gpu}: The GPU that holds small tensors when splitting. Ollama's default:
     * unset. {@code null} unsets it.
     */
    public Builder mainGpu(Integer mainGpu) {
      this.mainGpu = mainGpu;
      return this;
    }

    /**
     * Sets {@code use_mmap}: Whether to memory-map the model file. Ollama's default: unset
     * (automatic). {@code null} unsets it.
     */
    public Builder useMmap(Boolean useMmap) {
      this.useMmap = useMmap;
      return this;
    }

    /**
     * Sets {@code num_thread}: CPU threads for generation; 0 is automatic. Ollama's default: 0.
     * {@code null} unsets it.
     */
    public Builder numThread(Integer numThread) {
      this.numThread = numThread;
      return this;
    }

    /** Sets {@code stop} from varargs. */
    public Builder stop(String... stop) {
      return stop(stop == null ? null : Arrays.asList(stop));
    }

    /**
     * Sets an option that has no typed setter, e.g. {@code extra("draft_num_predict", 4)}. The
     * value must be a JSON value; {@code null} removes the key.
     */
    public Builder extra(String name, Object value) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("extra option name must not be empty");
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
      return new Options(
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
  }
}
