package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact error strings and statuses of endpoints.md §10, in the validation order of §11. */
class ErrorCatalogueTest {

  static FakeOllamaNode node;

  @BeforeAll
  static void startNode() {
    node =
        FakeOllamaNode.builder()
            .model(FakeModel.chat("llama3.2"))
            .model(FakeModel.chat("test").tools(false))
            .model(FakeModel.embedding("bert"))
            .build()
            .start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      POST | /api/chat       | ``                                                        | 400 | {"error":"missing request body"}
      POST | /api/generate   | `  `                                                      | 400 | {"error":"missing request body"}
      POST | /api/chat       | {}                                                        | 400 | {"error":"model is required"}
      POST | /api/generate   | {}                                                        | 404 | {"error":"model '' not found"}
      POST | /api/embed      | {}                                                        | 404 | {"error":"model '' not found"}
      POST | /api/embeddings | {}                                                        | 400 | {"error":"model is required"}
      POST | /api/show       | {}                                                        | 400 | {"error":"model is required"}
      POST | /api/push       | {}                                                        | 400 | {"error":"model is required"}
      DELETE | /api/delete   | {}                                                        | 400 | {"error":"model is required"}
      POST | /api/pull       | {}                                                        | 400 | {"error":"invalid model name"}
      POST | /api/create     | {}                                                        | 400 | {"error":"invalid model name"}
      POST | /api/generate   | {"model":"bad name!"}                                     | 400 | {"error":"invalid model name"}
      POST | /api/chat       | {"model":"-x"}                                            | 400 | {"error":"invalid model name"}
      POST | /api/generate   | {"model":"nope"}                                          | 404 | {"error":"model 'nope' not found"}
      POST | /api/chat       | {"model":"Nope:1b"}                                       | 404 | {"error":"model 'Nope:1b' not found"}
      POST | /api/embed      | {"model":"nope","input":"x"}                              | 404 | {"error":"model \\"nope\\" not found, try pulling it first"}
      POST | /api/embeddings | {"model":"nope","prompt":"x"}                             | 404 | {"error":"model \\"nope\\" not found, try pulling it first"}
      POST | /api/chat       | {"model":"bert","messages":[]}                            | 400 | {"error":"\\"bert\\" does not support chat"}
      POST | /api/generate   | {"model":"bert","prompt":"x"}                             | 400 | {"error":"\\"bert\\" does not support generate"}
      POST | /api/generate   | {"model":"test","prompt":"x","suffix":"y"}                | 400 | {"error":"registry.ollama.ai/library/test:latest does not support insert"}
      POST | /api/chat       | {"model":"test","messages":[],"tools":[{"type":"function","function":{"name":"f"}}]} | 400 | {"error":"registry.ollama.ai/library/test:latest does not support tools"}
      POST | /api/chat       | {"model":"test","messages":[],"think":true}               | 400 | {"error":"\\"test\\" does not support thinking"}
      POST | /api/generate   | {"model":"test","prompt":"x","think":"high"}              | 400 | {"error":"\\"test\\" does not support thinking"}
      POST | /api/chat       | {"model":"test","messages":[],"think":"foo"}              | 400 | {"error":"invalid think value: \\"foo\\" (must be \\"high\\", \\"medium\\", \\"low\\", \\"max\\", true, or false)"}
      POST | /api/generate   | {"model":"test","prompt":"x","top_logprobs":21}           | 400 | {"error":"top_logprobs must be between 0 and 20"}
      POST | /api/chat       | {"model":"","top_logprobs":-1}                            | 400 | {"error":"top_logprobs must be between 0 and 20"}
      POST | /api/generate   | {"model":"test","prompt":"x","raw":true,"system":"s"}     | 400 | {"error":"raw mode does not support template, system, or context"}
      POST | /api/generate   | {"model":"test","keep_alive":"10"}                        | 400 | {"error":"time: missing unit in duration \\"10\\""}
      POST | /api/generate   | {"model":"test","keep_alive":"1d"}                        | 400 | {"error":"time: unknown unit \\"d\\" in duration \\"1d\\""}
      POST | /api/chat       | {"model":"test","keep_alive":true}                        | 400 | {"error":"Unsupported type: 'bool'"}
      POST | /api/embed      | {"model":"bert","input":5}                                | 400 | {"error":"invalid input type"}
      POST | /api/embed      | {"model":"bert","input":["a",1]}                          | 400 | {"error":"invalid input type"}
      POST | /api/generate   | x                                                         | 400 | {"error":"invalid character 'x' looking for beginning of value"}
      POST | /api/generate   | {"model":                                                 | 400 | {"error":"unexpected EOF"}
      POST | /api/generate   | {"model":5}                                               | 400 | {"error":"json: cannot unmarshal number into Go struct field GenerateRequest.model of type string"}
      POST | /api/generate   | {"model":"test","prompt":"x","options":{"num_predict":"a"}} | 500 | {"error":"option \\"num_predict\\" must be of type integer"}
      POST | /api/generate   | {"model":"test","prompt":"x","stream":false,"format":"yaml"} | 500 | {"error":"invalid format: \\"\\\\\\"yaml\\\\\\"\\"; expected \\"json\\" or a valid JSON Schema object"}
      POST | /api/copy       | {"source":"","destination":"x"}                           | 400 | {"error":"source \\"\\" is invalid"}
      DELETE | /api/delete   | {"model":"a b"}                                           | 400 | {"error":"name \\"a b\\" is invalid"}
      """)
  void answersTheExactErrorBody(
      String method, String path, String body, int status, String expected) {
    RawHttp.Response r = RawHttp.exchange(node, method, path, body == null ? "" : body);
    assertThat(r.status).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.body).isEqualTo(expected);
  }
}
