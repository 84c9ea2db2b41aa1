package io.ollamalan.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** JSON helpers for assertions. */
final class Jsons {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Jsons() {}

  static JsonNode parse(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("Not JSON: " + s, e);
    }
  }

  static List<String> keys(JsonNode n) {
    List<String> keys = new ArrayList<>();
    n.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  static List<JsonNode> lines(String ndjson) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isEmpty()) {
        out.add(parse(line));
      }
    }
    return out;
  }
}
