package io.liveguard.bench.evidence;

import io.liveguard.evidence.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON of an evidence manifest as the sealer writes it for every finding (five items
 * with their digests, the detection with the streamer's words, the node and software): the evidence
 * module's {@link Json#canonical} against the peer Jackson 3 ({@code writeValueAsBytes} of the same
 * sorted maps — not canonical in general, the speed a general writer reaches).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class CanonicalJsonBenchmark {

  Map<String, Object> manifest;
  final JsonMapper jackson = JsonMapper.builder().build();

  @Setup
  public void setUp() {
    List<Object> items = new ArrayList<>();
    String[] roles = {"transcript", "finding", "event", "listing", "price-history"};
    for (int i = 0; i < roles.length; i++) {
      Map<String, Object> item = new TreeMap<>();
      item.put("role", roles[i]);
      item.put("media_type", "application/json");
      item.put("size", 1_000L + 37L * i);
      item.put("sha256", "9f2c".repeat(16));
      item.put("sm3", "1a7e".repeat(16));
      item.put("name", roles[i] + ".json");
      items.add(item);
    }
    Map<String, Object> detection = new TreeMap<>();
    detection.put("rule", "ABS-PRICE");
    detection.put("excerpt", "家人们今天这个价格是全网最低价，\"绝对\"没有比这更低的了！错过等一年");
    detection.put("detected_at", "2026-12-05T17:47:01.123Z");
    manifest = new TreeMap<>();
    manifest.put("version", 1L);
    manifest.put("case_id", "douyin:room-0042:s-20261205-1");
    manifest.put("created_at", "2026-12-05T17:47:01.456Z");
    manifest.put("node", "liveguard-node-1");
    manifest.put("software", "liveguard-platform 0.1.0-SNAPSHOT");
    manifest.put("detection", detection);
    manifest.put("items", items);
  }

  @Benchmark
  public byte[] canonical() {
    return Json.canonical(manifest);
  }

  @Benchmark
  public byte[] peerJackson() {
    return jackson.writeValueAsBytes(manifest);
  }
}
