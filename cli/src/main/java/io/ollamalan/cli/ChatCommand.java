package io.ollamalan.cli;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Chat through the fleet, streaming each answer.",
      "The conversation keeps an affinity key, so its turns stay on the node that holds its"
          + " prompt cache; after each answer the node and its speed are shown. Type /quit or end"
          + " the input (Ctrl-D) to leave. With --prompt, asks one question and exits (with"
          + " --json, prints the answer as JSON)."
    },
    footer = ExitCodes.FOOTER)
final class ChatCommand extends FleetCommand {

  @Option(
      names = {"-m", "--model"},
      description = "The model (default: one the fleet holds).")
  String model;

  @Option(
      names = {"-p", "--prompt"},
      description = "Ask this one question and exit.")
  String prompt;

  @Option(names = "--system", description = "A system prompt.")
  String system;

  @Option(
      names = "--affinity",
      paramLabel = "KEY",
      description = "The conversation's affinity key (default: a new one per session).")
  String affinity;

  @Override
  int run() throws IOException {
    if (fleet.json && prompt == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--json needs --prompt: the interactive chat prints text");
    }
    try (OllamaClient client = fleet.client()) {
      FleetOptions.awaitFleet(client, Duration.ofSeconds(5));
      String m = Models.choose(model, fleet, client);
      String key = affinity != null ? affinity : "chat-" + UUID.randomUUID();
      OllamaClient conversation = client.withOptions(CallOptions.DEFAULT.withAffinityKey(key));
      List<Message> history = new ArrayList<>();
      if (system != null) {
        history.add(Message.system(system));
      }
      if (prompt != null) {
        return oneShot(conversation, m, history);
      }
      out()
          .printf(
              Locale.ROOT,
              "Chatting with %s through %d node(s). /quit to leave.%n",
              m,
              client.fleet().nodes().size());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (true) {
        out().print("> ");
        out().flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/quit") || line.strip().equals("/exit")) {
          out().println();
          out().flush();
          return ExitCodes.OK;
        }
        if (line.isBlank()) {
          continue;
        }
        history.add(Message.user(line));
        try {
          history.add(Message.assistant(stream(conversation, m, history)));
        } catch (OllamaException e) {
          history.remove(history.size() - 1);
          out().println();
          out().println("error: " + e.getMessage());
        }
      }
    }
  }

  private int oneShot(OllamaClient conversation, String m, List<Message> history) {
    history.add(Message.user(prompt));
    if (fleet.json) {
      String[] node = new String[1];
      StringBuilder content = new StringBuilder();
      ChatResponse last = null;
      try (ResponseStream<ChatResponse> s =
          conversation.chatStream(ChatRequest.builder(m).messages(history).build())) {
        node[0] = s.nodeId();
        while (s.hasNext()) {
          last = s.next();
          content.append(last.content());
        }
      }
      Json.print(
          out(),
          Json.object(
              "model",
              m,
              "node",
              node[0],
              "content",
              content.toString(),
              "promptTokens",
              last == null ? 0 : last.promptEvalCount(),
              "completionTokens",
              last == null ? 0 : last.evalCount(),
              "doneReason",
              last == null ? null : last.doneReason()));
      return ExitCodes.OK;
    }
    stream(conversation, m, history);
    return ExitCodes.OK;
  }

  /** Streams one answer to stdout and returns its text. */
  private String stream(OllamaClient conversation, String m, List<Message> history) {
    StringBuilder content = new StringBuilder();
    ChatResponse last = null;
    String node;
    try (ResponseStream<ChatResponse> s =
        conversation.chatStream(ChatRequest.builder(m).messages(history).build())) {
      node = s.nodeId();
      while (s.hasNext()) {
        last = s.next();
        content.append(last.content());
        out().print(last.content());
        out().flush();
      }
    }
    out().println();
    out()
        .printf(
            Locale.ROOT,
            "[%s, %d tokens, %.1f tokens/s]%n",
            node,
            last == null ? 0 : last.evalCount(),
            last == null ? 0.0 : last.tokensPerSecond());
    out().flush();
    return content.toString();
  }
}
