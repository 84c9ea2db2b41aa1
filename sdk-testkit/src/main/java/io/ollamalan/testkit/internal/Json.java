package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ollamalan.testkit.Capability;
import io.ollamalan.testkit.FakeModel;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes response bodies straight into pooled buffers. */
public final class Json {

  /** Body writer. */
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** Serializes into a new buffer from the channel's allocator. */
  public static ByteBuf write(ChannelHandlerContext ctx, int sizeHint, Writer w) {
    ByteBuf buf = ctx.alloc().buffer(sizeHint);
    try (JsonGenerator g = GoJson.generator(buf)) {
      w.write(g);
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    return buf;
  }

  /** {@code api.ModelDetails} as tags, ps and show serialize it. */
  public static void details(JsonGenerator g, FakeModel m) throws IOException {
    g.writeObjectFieldStart("details");
    g.writeStringField("parent_model", "");
    g.writeStringField("format", "gguf");
    g.writeStringField("family", m.family());
    g.writeArrayFieldStart("families");
    g.writeString(m.family());
    g.writeEndArray();
    g.writeStringField("parameter_size", m.parameterSize());
    g.writeStringField("quantization_level", m.quantizationLevel());
    g.writeEndObject();
  }

  /** The capability list in Ollama's order. */
  public static void capabilities(JsonGenerator g, FakeModel m) throws IOException {
    g.writeArrayFieldStart("capabilities");
    for (Capability c : Capability.values()) {
      if (m.has(c)) {
        g.writeString(c.wireName());
      }
    }
    g.writeEndArray();
  }

  /** Metrics of a final chunk, each omitted when zero. */
  public static void metrics(
      JsonGenerator g,
      long total,
      long load,
      int promptCount,
      long promptDuration,
      int evalCount,
      long evalDuration)
      throws IOException {
    if (total != 0) {
      g.writeNumberField("total_duration", total);
    }
    if (load != 0) {
      g.writeNumberField("load_duration", load);
    }
    if (promptCount != 0) {
      g.writeNumberField("prompt_eval_count", promptCount);
    }
    if (promptDuration != 0) {
      g.writeNumberField("prompt_eval_duration", promptDuration);
    }
    if (evalCount != 0) {
      g.writeNumberField("eval_count", evalCount);
    }
    if (evalDuration != 0) {
      g.writeNumberField("eval_duration", evalDuration);
    }
  }
}
