package io.ollamalan.examples.recipes;

import io.ollamalan.OllamaClient;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.Tool;
import io.ollamalan.model.ToolCall;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tool calling: declare a function, let the model ask for it, run it, and send the result back for
 * the final answer.
 */
public final class ToolCalling {
  private ToolCalling() {}

  /** The calls the model asked for, and its final answer. */
  public record Result(List<String> calls, String finalAnswer) {}

  static final Tool WEATHER =
      Tool.function(
          "get_weather",
          "The current weather in a city",
          Map.of(
              "type", "object",
              "properties", Map.of("city", Map.of("type", "string", "description", "City name")),
              "required", List.of("city")));

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  public static Result run(RecipeFleet fleet, PrintStream out) {
    try (OllamaClient client = fleet.clientBuilder().build()) {
      List<Message> messages = new ArrayList<>();
      messages.add(Message.user("What is the weather in Lisbon?"));
      ChatResponse first =
          client.chat(
              ChatRequest.builder(fleet.chatModel()).messages(messages).tool(WEATHER).build());
      List<String> calls = new ArrayList<>();
      messages.add(first.message());
      for (ToolCall call : first.message().toolCalls()) {
        String name = call.function().name();
        Map<String, Object> arguments = call.function().arguments();
        out.println("model asks for " + name + arguments);
        calls.add(name);
        // Run the tool the way your application does; here a canned answer.
        messages.add(Message.tool(name, "{\"temperature_c\": 21, \"sky\": \"clear\"}"));
      }
      if (calls.isEmpty()) {
        out.println("the model answered without a tool: " + first.content());
        return new Result(calls, first.content());
      }
      ChatResponse last =
          client.chat(
              ChatRequest.builder(fleet.chatModel()).messages(messages).tool(WEATHER).build());
      out.println("final answer: " + last.content().strip());
      return new Result(calls, last.content());
    }
  }
}
