package io.ollamalan.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxtRecordsTest {

  private static List<byte[]> strings(String... s) {
    List<byte[]> out = new ArrayList<>();
    for (String x : s) {
      out.add(x.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void knownKeysShapeTheNode() throws Exception {
    TxtRecords.Txt t =
        TxtRecords.parse(
            strings(
                "scheme=HTTPS",
                "path=/ollama/",
                "weight=250",
                "zone=rack-2",
                "models=llama3.2:3b, qwen2.5:7b",
                "gpu=a100",
                "txtvers=1"));
    assertThat(t.problems()).isEmpty();
    Node n = t.toNode("10.0.0.5", 8443, "http");
    assertThat(n.id()).isEqualTo("https://10.0.0.5:8443/ollama");
    assertThat(n.weight()).isEqualTo(250);
    assertThat(n.zone()).isEqualTo("rack-2");
    assertThat(n.labels())
        .containsEntry("models", "llama3.2:3b,qwen2.5:7b")
        .containsEntry("gpu", "a100")
        .doesNotContainKey("txtvers");
  }

  @Test
  void garbageIsSkippedWithAProblemPerString() throws Exception {
    List<byte[]> in =
        strings(
            "weight=abc",
            "weight=0",
            "scheme=ftp",
            "path=no-slash",
            "=novalue",
            "bad key=1",
            "zone=ok");
    in.add(new byte[] {'x', '=', (byte) 0xff, (byte) 0xfe});
    in.add("ctl=a\u0001b".getBytes(StandardCharsets.UTF_8));
    TxtRecords.Txt t = TxtRecords.parse(in);
    assertThat(t.weight()).isNull();
    assertThat(t.scheme()).isNull();
    assertThat(t.path()).isNull();
    assertThat(t.zone()).isEqualTo("ok");
    assertThat(t.labels()).isEmpty();
    assertThat(t.problems())
        .hasSize(8)
        .anyMatch(p -> p.contains("weight='abc'") && p.contains("1..10000"))
        .anyMatch(p -> p.contains("scheme='ftp'"))
        .anyMatch(p -> p.contains("not UTF-8"))
        .anyMatch(p -> p.contains("control characters"));
    assertThat(t.toNode("10.0.0.5", 11434, "http").id()).isEqualTo("http://10.0.0.5:11434");
  }

  @Test
  void firstOccurrenceOfAKeyWinsAndKeysAreCaseInsensitive() {
    TxtRecords.Txt t = TxtRecords.parse(strings("Weight=10", "WEIGHT=20"));
    assertThat(t.weight()).isEqualTo(10);
    assertThat(t.problems()).singleElement().asString().contains("repeated");
  }

  @Test
  void wireFormatIsSplitAndATruncatedTailReported() {
    byte[] wire = {6, 'z', 'o', 'n', 'e', '=', 'a', 9, 'w', 'e'};
    TxtRecords.Txt t = TxtRecords.parseWire(wire);
    assertThat(t.zone()).isEqualTo("a");
    assertThat(t.problems()).singleElement().asString().contains("truncated");
    assertThat(TxtRecords.parseWire(new byte[] {0}).problems()).isEmpty();
    assertThat(TxtRecords.parseWire(null).problems()).isEmpty();
  }

  @Test
  void ipv6HostIsBracketed() throws Exception {
    assertThat(TxtRecords.empty().toNode("fd00::5", 11434, "http").id())
        .isEqualTo("http://[fd00::5]:11434");
  }
}
