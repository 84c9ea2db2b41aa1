package io.ollamalan.spring.ai;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.util.json.JsonParser;

/**
 * Options of {@link OllamaLanChatModel}: every option of Spring AI's {@code OllamaChatOptions},
 * with the same names, so that code moving from the single-server Ollama model keeps its options. A
 * {@code null} option is not sent and the node uses the model's value. {@code maxTokens} is
 * Ollama's {@code num_predict}; {@code stopSequences} is {@code stop}.
 *
 * <p>Immutable; build one with {@link #builder()} or copy one with {@link #mutate()}.
 */
public final class OllamaLanChatOptions
    implements ToolCallingChatOptions, StructuredOutputChatOptions {

  private final @Nullable String model;
  private final @Nullable Double frequencyPenalty;
  private final @Nullable Integer maxTokens;
  private final @Nullable Double presencePenalty;
  private final @Nullable List<String> stopSequences;
  private final @Nullable Double temperature;
  private final @Nullable Integer topK;
  private final @Nullable Double topP;
  private final @Nullable List<ToolCallback> toolCallbacks;
  private final @Nullable Map<String, Object> toolContext;
  private final @Nullable Integer numCtx;
  private final @Nullable Integer numBatch;
  private final @Nullable Integer numGPU;
  private final @Nullable Integer mainGPU;
  private final @Nullable Boolean useMMap;
  private final @Nullable Integer numThread;
  private final @Nullable Integer numKeep;
  private final @Nullable Integer seed;
  private final @Nullable Double minP;
  private final @Nullable Double typicalP;
  private final @Nullable Integer repeatLastN;
  private final @Nullable Double repeatPenalty;
  private final @Nullable Boolean useNUMA;
  private final @Nullable Boolean lowVRAM;
  private final @Nullable Boolean f16KV;
  private final @Nullable Boolean logitsAll;
  private final @Nullable Boolean vocabOnly;
  private final @Nullable Boolean useMLock;
  private final @Nullable Float tfsZ;
  private final @Nullable Integer mirostat;
  private final @Nullable Float mirostatTau;
  private final @Nullable Float mirostatEta;
  private final @Nullable Boolean penalizeNewline;
  private final @Nullable Object format;
  private final @Nullable String keepAlive;
  private final @Nullable Boolean truncate;
  private final @Nullable String think;

  private OllamaLanChatOptions(Builder b) {
    this.model = b.model();
    this.frequencyPenalty = b.frequencyPenalty();
    this.maxTokens = b.maxTokens();
    this.presencePenalty = b.presencePenalty();
    this.stopSequences = b.stopSequences() == null ? null : List.copyOf(b.stopSequences());
    this.temperature = b.temperature();
    this.topK = b.topK();
    this.topP = b.topP();
    this.toolCallbacks = b.toolCallbacks() == null ? null : List.copyOf(b.toolCallbacks());
    this.toolContext = b.toolContext() == null ? null : Map.copyOf(b.toolContext());
    this.numCtx = b.numCtx;
    this.numBatch = b.numBatch;
    this.numGPU = b.numGPU;
    this.mainGPU = b.mainGPU;
    this.useMMap = b.useMMap;
    this.numThread = b.numThread;
    this.numKeep = b.numKeep;
    this.seed = b.seed;
    this.minP = b.minP;
    this.typicalP = b.typicalP;
    this.repeatLastN = b.repeatLastN;
    this.repeatPenalty = b.repeatPenalty;
    this.useNUMA = b.useNUMA;
    this.lowVRAM = b.lowVRAM;
    this.f16KV = b.f16KV;
    this.logitsAll = b.logitsAll;
    this.vocabOnly = b.vocabOnly;
    this.useMLock = b.useMLock;
    this.tfsZ = b.tfsZ;
    this.mirostat = b.mirostat;
    this.mirostatTau = b.mirostatTau;
    this.mirostatEta = b.mirostatEta;
    this.penalizeNewline = b.penalizeNewline;
    this.format = b.format;
    this.keepAlive = b.keepAlive;
    this.truncate = b.truncate;
    this.think = b.think;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public @Nullable String getModel() {
    return model;
  }

  @Override
  public @Nullable Double getFrequencyPenalty() {
    return frequencyPenalty;
  }

  /** Most tokens to generate, Ollama's {@code num_predict}. */
  @Override
  public @Nullable Integer getMaxTokens() {
    return maxTokens;
  }

  @Override
  public @Nullable Double getPresencePenalty() {
    return presencePenalty;
  }

  @Override
  public @Nullable List<String> getStopSequences() {
    return stopSequences;
  }

  @Override
  public @Nullable Double getTemperature() {
    return temperature;
  }

  @Override
  public @Nullable Integer getTopK() {
    return topK;
  }

  @Override
  public @Nullable Double getTopP() {
    return topP;
  }

  @Override
  public @Nullable List<ToolCallback> getToolCallbacks() {
    return toolCallbacks;
  }

  @Override
  public @Nullable Map<String, Object> getToolContext() {
    return toolContext;
  }

  /** The {@link #getFormat() format} as JSON text: {@code json} or the schema. */
  @Override
  public @Nullable String getOutputSchema() {
    if (format == null) {
      return null;
    }
    return format instanceof String s ? s : JsonParser.toJson(format);
  }

  /** {@code num_ctx}: context window in tokens. */
  public @Nullable Integer getNumCtx() {
    return numCtx;
  }

  /** {@code num_batch}: prompt-processing batch size. */
  public @Nullable Integer getNumBatch() {
    return numBatch;
  }

  /** {@code num_gpu}: layers offloaded to the GPU, -1 automatic. */
  public @Nullable Integer getNumGPU() {
    return numGPU;
  }

  /** {@code main_gpu}: the GPU holding small tensors when splitting. */
  public @Nullable Integer getMainGPU() {
    return mainGPU;
  }

  /** {@code use_mmap}: whether the model file is memory-mapped. */
  public @Nullable Boolean getUseMMap() {
    return useMMap;
  }

  /** {@code num_thread}: CPU threads for generation, 0 automatic. */
  public @Nullable Integer getNumThread() {
    return numThread;
  }

  /** {@code num_keep}: prompt tokens kept when the context shifts. */
  public @Nullable Integer getNumKeep() {
    return numKeep;
  }

  /** {@code seed}: random seed; the same seed and prompt give the same answer. */
  public @Nullable Integer getSeed() {
    return seed;
  }

  /** {@code min_p}: drops tokens less likely than P times the most likely one. */
  public @Nullable Double getMinP() {
    return minP;
  }

  /** {@code typical_p}: locally typical sampling. */
  public @Nullable Double getTypicalP() {
    return typicalP;
  }

  /** {@code repeat_last_n}: recent tokens the repeat penalty looks at. */
  public @Nullable Integer getRepeatLastN() {
    return repeatLastN;
  }

  /** {@code repeat_penalty}: penalty for repeated tokens. */
  public @Nullable Double getRepeatPenalty() {
    return repeatPenalty;
  }

  /** {@code numa}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getUseNUMA() {
    return useNUMA;
  }

  /** {@code low_vram}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getLowVRAM() {
    return lowVRAM;
  }

  /** {@code f16_kv}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getF16KV() {
    return f16KV;
  }

  /** {@code logits_all}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getLogitsAll() {
    return logitsAll;
  }

  /** {@code vocab_only}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getVocabOnly() {
    return vocabOnly;
  }

  /** {@code use_mlock}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getUseMLock() {
    return useMLock;
  }

  /** {@code tfs_z}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Float getTfsZ() {
    return tfsZ;
  }

  /** {@code mirostat}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Integer getMirostat() {
    return mirostat;
  }

  /** {@code mirostat_tau}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Float getMirostatTau() {
    return mirostatTau;
  }

  /** {@code mirostat_eta}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Float getMirostatEta() {
    return mirostatEta;
  }

  /** {@code penalize_newline}: sent as an extra option; ignored by current Ollama. */
  public @Nullable Boolean getPenalizeNewline() {
    return penalizeNewline;
  }

  /** {@code format}: {@code "json"} or a JSON schema as a map; free text when null. */
  public @Nullable Object getFormat() {
    return format;
  }

  /**
   * {@code keep_alive}: how long the node keeps the model loaded, a Go duration such as {@code
   * 10m}.
   */
  public @Nullable String getKeepAlive() {
    return keepAlive;
  }

  /** {@code truncate}: whether the oldest messages are dropped to fit the context. */
  public @Nullable Boolean getTruncate() {
    return truncate;
  }

  /**
   * {@code think}: {@code true}, {@code false}, or an effort ({@code low}, {@code medium}, {@code
   * high}, {@code max}).
   */
  public @Nullable String getThink() {
    return think;
  }

  @Override
  public Builder mutate() {
    return builder()
        .model(this.model)
        .frequencyPenalty(this.frequencyPenalty)
        .maxTokens(this.maxTokens)
        .presencePenalty(this.presencePenalty)
        .stopSequences(this.stopSequences)
        .temperature(this.temperature)
        .topK(this.topK)
        .topP(this.topP)
        .toolCallbacks(this.toolCallbacks)
        .toolContext(this.toolContext)
        .numCtx(this.numCtx)
        .numBatch(this.numBatch)
        .numGPU(this.numGPU)
        .mainGPU(this.mainGPU)
        .useMMap(this.useMMap)
        .numThread(this.numThread)
        .numKeep(this.numKeep)
        .seed(this.seed)
        .minP(this.minP)
        .typicalP(this.typicalP)
        .repeatLastN(this.repeatLastN)
        .repeatPenalty(this.repeatPenalty)
        .useNUMA(this.useNUMA)
        .lowVRAM(this.lowVRAM)
        .f16KV(this.f16KV)
        .logitsAll(this.logitsAll)
        .vocabOnly(this.vocabOnly)
        .useMLock(this.useMLock)
        .tfsZ(this.tfsZ)
        .mirostat(this.mirostat)
        .mirostatTau(this.mirostatTau)
        .mirostatEta(this.mirostatEta)
        .penalizeNewline(this.penalizeNewline)
        .format(this.format)
        .keepAlive(this.keepAlive)
        .truncate(this.truncate)
        .think(this.think);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof OllamaLanChatOptions o)) {
      return false;
    }
    return Objects.equals(model, o.model)
        && Objects.equals(frequencyPenalty, o.frequencyPenalty)
        && Objects.equals(maxTokens, o.maxTokens)
        && Objects.equals(presencePenalty, o.presencePenalty)
        && Objects.equals(stopSequences, o.stopSequences)
        && Objects.equals(temperature, o.temperature)
        && Objects.equals(topK, o.topK)
        && Objects.equals(topP, o.topP)
        && Objects.equals(toolCallbacks, o.toolCallbacks)
        && Objects.equals(toolContext, o.toolContext)
        && Objects.equals(numCtx, o.numCtx)
        && Objects.equals(numBatch, o.numBatch)
        && Objects.equals(numGPU, o.numGPU)
        && Objects.equals(mainGPU, o.mainGPU)
        && Objects.equals(useMMap, o.useMMap)
        && Objects.equals(numThread, o.numThread)
        && Objects.equals(numKeep, o.numKeep)
        && Objects.equals(seed, o.seed)
        && Objects.equals(minP, o.minP)
        && Objects.equals(typicalP, o.typicalP)
        && Objects.equals(repeatLastN, o.repeatLastN)
        && Objects.equals(repeatPenalty, o.repeatPenalty)
        && Objects.equals(useNUMA, o.useNUMA)
        && Objects.equals(lowVRAM, o.lowVRAM)
        && Objects.equals(f16KV, o.f16KV)
        && Objects.equals(logitsAll, o.logitsAll)
        && Objects.equals(vocabOnly, o.vocabOnly)
        && Objects.equals(useMLock, o.useMLock)
        && Objects.equals(tfsZ, o.tfsZ)
        && Objects.equals(mirostat, o.mirostat)
        && Objects.equals(mirostatTau, o.mirostatTau)
        && Objects.equals(mirostatEta, o.mirostatEta)
        && Objects.equals(penalizeNewline, o.penalizeNewline)
        && Objects.equals(format, o.format)
        && Objects.equals(keepAlive, o.keepAlive)
        && Objects.equals(truncate, o.truncate)
        && Objects.equals(think, o.think);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        frequencyPenalty,
        maxTokens,
        presencePenalty,
        stopSequences,
        temperature,
        topK,
        topP,
        toolCallbacks,
        toolContext,
        numCtx,
        numBatch,
        numGPU,
        mainGPU,
        useMMap,
        numThread,
        numKeep,
        seed,
        minP,
        typicalP,
        repeatLastN,
        repeatPenalty,
        useNUMA,
        lowVRAM,
        f16KV,
        logitsAll,
        vocabOnly,
        useMLock,
        tfsZ,
        mirostat,
        mirostatTau,
        mirostatEta,
        penalizeNewline,
        format,
        keepAlive,
        truncate,
        think);
  }

  @Override
  public String toString() {
    return "OllamaLanChatOptions{model="
        + model
        + ", temperature="
        + temperature
        + ", maxTokens="
        + maxTokens
        + ", think="
        + think
        + ", format="
        + (format == null ? "none" : "set")
        + ", tools="
        + (toolCallbacks == null ? 0 : toolCallbacks.size())
        + "}";
  }

  /** Builds {@link OllamaLanChatOptions}. Not thread-safe. */
  public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
      implements StructuredOutputChatOptions.Builder<Builder> {
    private @Nullable Integer numCtx;
    private @Nullable Integer numBatch;
    private @Nullable Integer numGPU;
    private @Nullable Integer mainGPU;
    private @Nullable Boolean useMMap;
    private @Nullable Integer numThread;
    private @Nullable Integer numKeep;
    private @Nullable Integer seed;
    private @Nullable Double minP;
    private @Nullable Double typicalP;
    private @Nullable Integer repeatLastN;
    private @Nullable Double repeatPenalty;
    private @Nullable Boolean useNUMA;
    private @Nullable Boolean lowVRAM;
    private @Nullable Boolean f16KV;
    private @Nullable Boolean logitsAll;
    private @Nullable Boolean vocabOnly;
    private @Nullable Boolean useMLock;
    private @Nullable Float tfsZ;
    private @Nullable Integer mirostat;
    private @Nullable Float mirostatTau;
    private @Nullable Float mirostatEta;
    private @Nullable Boolean penalizeNewline;
    private @Nullable Object format;
    private @Nullable String keepAlive;
    private @Nullable Boolean truncate;
    private @Nullable String think;

    private Builder() {}

    @Nullable String model() {
      return model;
    }

    @Nullable Double frequencyPenalty() {
      return frequencyPenalty;
    }

    @Nullable Integer maxTokens() {
      return maxTokens;
    }

    @Nullable Double presencePenalty() {
      return presencePenalty;
    }

    @Nullable List<String> stopSequences() {
      return stopSequences;
    }

    @Nullable Double temperature() {
      return temperature;
    }

    @Nullable Integer topK() {
      return topK;
    }

    @Nullable Double topP() {
      return topP;
    }

    @Nullable List<ToolCallback> toolCallbacks() {
      return toolCallbacks;
    }

    @Nullable Map<String, Object> toolContext() {
      return toolContext;
    }

    /** Sets {@code num_ctx}: context window in tokens. */
    public Builder numCtx(@Nullable Integer numCtx) {
      this.numCtx = numCtx;
      return this;
    }

    /** Sets {@code num_batch}: prompt-processing batch size. */
    public Builder numBatch(@Nullable Integer numBatch) {
      this.numBatch = numBatch;
      return this;
    }

    /** Sets {@code num_gpu}: layers offloaded to the GPU, -1 automatic. */
    public Builder numGPU(@Nullable Integer numGPU) {
      this.numGPU = numGPU;
      return this;
    }

    /** Sets {@code main_gpu}: the GPU holding small tensors when splitting. */
    public Builder mainGPU(@Nullable Integer mainGPU) {
      this.mainGPU = mainGPU;
      return this;
    }

    /** Sets {@code use_mmap}: whether the model file is memory-mapped. */
    public Builder useMMap(@Nullable Boolean useMMap) {
      this.useMMap = useMMap;
      return this;
    }

    /** Sets {@code num_thread}: CPU threads for generation, 0 automatic. */
    public Builder numThread(@Nullable Integer numThread) {
      this.numThread = numThread;
      return this;
    }

    /** Sets {@code num_keep}: prompt tokens kept when the context shifts. */
    public Builder numKeep(@Nullable Integer numKeep) {
      this.numKeep = numKeep;
      return this;
    }

    /** Sets {@code seed}: random seed; the same seed and prompt give the same answer. */
    public Builder seed(@Nullable Integer seed) {
      this.seed = seed;
      return this;
    }

    /** Sets {@code min_p}: drops tokens less likely than P times the most likely one. */
    public Builder minP(@Nullable Double minP) {
      this.minP = minP;
      return this;
    }

    /** Sets {@code typical_p}: locally typical sampling. */
    public Builder typicalP(@Nullable Double typicalP) {
      this.typicalP = typicalP;
      return this;
    }

    /** Sets {@code repeat_last_n}: recent tokens the repeat penalty looks at. */
    public Builder repeatLastN(@Nullable Integer repeatLastN) {
      this.repeatLastN = repeatLastN;
      return this;
    }

    /** Sets {@code repeat_penalty}: penalty for repeated tokens. */
    public Builder repeatPenalty(@Nullable Double repeatPenalty) {
      this.repeatPenalty = repeatPenalty;
      return this;
    }

    /** Sets {@code numa}: sent as an extra option; ignored by current Ollama. */
    public Builder useNUMA(@Nullable Boolean useNUMA) {
      this.useNUMA = useNUMA;
      return this;
    }

    /** Sets {@code low_vram}: sent as an extra option; ignored by current Ollama. */
    public Builder lowVRAM(@Nullable Boolean lowVRAM) {
      this.lowVRAM = lowVRAM;
      return this;
    }

    /** Sets {@code f16_kv}: sent as an extra option; ignored by current Ollama. */
    public Builder f16KV(@Nullable Boolean f16KV) {
      this.f16KV = f16KV;
      return this;
    }

    /** Sets {@code logits_all}: sent as an extra option; ignored by current Ollama. */
    public Builder logitsAll(@Nullable Boolean logitsAll) {
      this.logitsAll = logitsAll;
      return this;
    }

    /** Sets {@code vocab_only}: sent as an extra option; ignored by current Ollama. */
    public Builder vocabOnly(@Nullable Boolean vocabOnly) {
      this.vocabOnly = vocabOnly;
      return this;
    }

    /** Sets {@code use_mlock}: sent as an extra option; ignored by current Ollama. */
    public Builder useMLock(@Nullable Boolean useMLock) {
      this.useMLock = useMLock;
      return this;
    }

    /** Sets {@code tfs_z}: sent as an extra option; ignored by current Ollama. */
    public Builder tfsZ(@Nullable Float tfsZ) {
      this.tfsZ = tfsZ;
      return this;
    }

    /** Sets {@code mirostat}: sent as an extra option; ignored by current Ollama. */
    public Builder mirostat(@Nullable Integer mirostat) {
      this.mirostat = mirostat;
      return this;
    }

    /** Sets {@code mirostat_tau}: sent as an extra option; ignored by current Ollama. */
    public Builder mirostatTau(@Nullable Float mirostatTau) {
      this.mirostatTau = mirostatTau;
      return this;
    }

    /** Sets {@code mirostat_eta}: sent as an extra option; ignored by current Ollama. */
    public Builder mirostatEta(@Nullable Float mirostatEta) {
      this.mirostatEta = mirostatEta;
      return this;
    }

    /** Sets {@code penalize_newline}: sent as an extra option; ignored by current Ollama. */
    public Builder penalizeNewline(@Nullable Boolean penalizeNewline) {
      this.penalizeNewline = penalizeNewline;
      return this;
    }

    /** Sets {@code format}: {@code "json"} or a JSON schema as a map; free text when null. */
    public Builder format(@Nullable Object format) {
      this.format = format;
      return this;
    }

    /**
     * Sets {@code keep_alive}: how long the node keeps the model loaded, a Go duration such as
     * {@code 10m}.
     */
    public Builder keepAlive(@Nullable String keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Sets {@code truncate}: whether the oldest messages are dropped to fit the context. */
    public Builder truncate(@Nullable Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /**
     * Sets {@code think}: {@code true}, {@code false}, or an effort ({@code low}, {@code medium},
     * {@code high}, {@code max}).
     */
    public Builder think(@Nullable String think) {
      this.think = think;
      return this;
    }

    /** Ollama's name for {@link #maxTokens}. */
    public Builder numPredict(@Nullable Integer numPredict) {
      return maxTokens(numPredict);
    }

    /** Ollama's name for {@link #stopSequences}. */
    public Builder stop(@Nullable List<String> stop) {
      return stopSequences(stop);
    }

    /** Thinking on ({@code think: true}). */
    public Builder enableThinking() {
      return think("true");
    }

    /** Thinking off ({@code think: false}). */
    public Builder disableThinking() {
      return think("false");
    }

    /** Thinking with low effort. */
    public Builder thinkLow() {
      return think("low");
    }

    /** Thinking with medium effort. */
    public Builder thinkMedium() {
      return think("medium");
    }

    /** Thinking with high effort. */
    public Builder thinkHigh() {
      return think("high");
    }

    /** Structured output: the answer is JSON matching this JSON schema, or any JSON for "json". */
    @Override
    public Builder outputSchema(@Nullable String outputSchema) {
      if (outputSchema == null || outputSchema.isBlank()) {
        this.format = null;
      } else if (outputSchema.strip().equals("json")) {
        this.format = "json";
      } else {
        this.format = JsonParser.fromJson(outputSchema, Map.class);
      }
      return this;
    }

    @Override
    public Builder combineWith(ChatOptions.Builder<?> other) {
      super.combineWith(other);
      if (other instanceof Builder o) {
        if (o.numCtx != null) {
          this.numCtx = o.numCtx;
        }
        if (o.numBatch != null) {
          this.numBatch = o.numBatch;
        }
        if (o.numGPU != null) {
          this.numGPU = o.numGPU;
        }
        if (o.mainGPU != null) {
          this.mainGPU = o.mainGPU;
        }
        if (o.useMMap != null) {
          this.useMMap = o.useMMap;
        }
        if (o.numThread != null) {
          this.numThread = o.numThread;
        }
        if (o.numKeep != null) {
          this.numKeep = o.numKeep;
        }
        if (o.seed != null) {
          this.seed = o.seed;
        }
        if (o.minP != null) {
          this.minP = o.minP;
        }
        if (o.typicalP != null) {
          this.typicalP = o.typicalP;
        }
        if (o.repeatLastN != null) {
          this.repeatLastN = o.repeatLastN;
        }
        if (o.repeatPenalty != null) {
          this.repeatPenalty = o.repeatPenalty;
        }
        if (o.useNUMA != null) {
          this.useNUMA = o.useNUMA;
        }
        if (o.lowVRAM != null) {
          this.lowVRAM = o.lowVRAM;
        }
        if (o.f16KV != null) {
          this.f16KV = o.f16KV;
        }
        if (o.logitsAll != null) {
          this.logitsAll = o.logitsAll;
        }
        if (o.vocabOnly != null) {
          this.vocabOnly = o.vocabOnly;
        }
        if (o.useMLock != null) {
          this.useMLock = o.useMLock;
        }
        if (o.tfsZ != null) {
          this.tfsZ = o.tfsZ;
        }
        if (o.mirostat != null) {
          this.mirostat = o.mirostat;
        }
        if (o.mirostatTau != null) {
          this.mirostatTau = o.mirostatTau;
        }
        if (o.mirostatEta != null) {
          this.mirostatEta = o.mirostatEta;
        }
        if (o.penalizeNewline != null) {
          this.penalizeNewline = o.penalizeNewline;
        }
        if (o.format != null) {
          this.format = o.format;
        }
        if (o.keepAlive != null) {
          this.keepAlive = o.keepAlive;
        }
        if (o.truncate != null) {
          this.truncate = o.truncate;
        }
        if (o.think != null) {
          this.think = o.think;
        }
      }
      return this;
    }

    @Override
    public OllamaLanChatOptions build() {
      return new OllamaLanChatOptions(this);
    }
  }
}
