package io.ollamalan.examples.recipes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ollamalan.OllamaClient;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Structured output: constrain the answer to a JSON schema with {@code format}, then read it with
 * your JSON library. A temperature of 0 makes the answer repeatable.
 */
public final class StructuredOutput {
  private StructuredOutput() {}

  static final Map<String, Object> SCHEMA =
      Map.of(
          "type", "object",
          "properties",
              Map.of(
                  "name", Map.of("type", "string"),
                  "colour", Map.of("type", "string"),
                  "legs", Map.of("type", "integer")),
          "required", List.of("name", "colour", "legs"));

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  /** Returns the answer as a map with the schema's fields. */
  public static Map<String, Object> run(RecipeFleet fleet, PrintStream out) {
    try (OllamaClient client = fleet.clientBuilder().build()) {
      ChatResponse r =
          client.chat(
              ChatRequest.builder(fleet.chatModel())
                  .user("Describe a common farm animal.")
                  .format(Format.schema(SCHEMA))
                  .options(Options.builder().temperature(0.0).build())
                  .build());
      out.println("raw: " + r.content());
      Map<String, Object> animal;
      try {
        animal = new ObjectMapper().readValue(r.content(), new TypeReference<>() {});
      } catch (IOException e) {
        throw new UncheckedIOException("the model did not answer with JSON", e);
      }
      out.println(
          "name="
              + animal.get("name")
              + ", colour="
              + animal.get("colour")
              + ", legs="
              + animal.get("legs"));
      return animal;
    }
  }
}
