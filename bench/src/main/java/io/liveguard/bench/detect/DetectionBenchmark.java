package io.liveguard.bench.detect;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.precheck.ScriptPrecheck;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of checking realistic live-commerce text with the full catalogue, side by side with
 * houbb/sensitive-word loaded with the same terms and with the raw hankcs double-array Aho–Corasick
 * automaton on raw text (the ceiling: no normalization, no rules).
 *
 * <p>Each invocation checks the whole corpus ({@link #CORPUS_CHARS} characters, line by line);
 * characters per second = ops/s × {@link #CORPUS_CHARS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectionBenchmark {

  static final int CORPUS_CHARS = 100_000;

  private Detector detector;
  private CheckOptions options;
  private List<String> lines;
  private SensitiveWordBs sensitiveWord;
  private AhoCorasickDoubleArrayTrie<String> raw;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    detector = Detector.bundled();
    options = new CheckOptions(Channel.SPEECH, null, LocalDate.of(2026, 11, 23));
    lines = BenchCorpus.lines(detector, CORPUS_CHARS);
    List<String> terms = BenchCorpus.terms(detector);
    sensitiveWord = BenchCorpus.sensitiveWord(detector);
    TreeMap<String, String> map = new TreeMap<>();
    terms.forEach(t -> map.put(t, t));
    raw = new AhoCorasickDoubleArrayTrie<>();
    raw.build(map);
  }

  /** LiveGuard: normalize, match, apply every rule, build findings with provisions. */
  @Benchmark
  public void liveguard(Blackhole bh) {
    for (String line : lines) {
      List<Finding> f = detector.check(line, options);
      bh.consume(f);
    }
  }

  /**
   * houbb/sensitive-word 0.25.0 with the same terms and allow-phrases, all its normalizations on.
   */
  @Benchmark
  public void sensitiveWord(Blackhole bh) {
    for (String line : lines) {
      bh.consume(sensitiveWord.findAll(line));
    }
  }

  /** Raw hankcs AhoCorasickDoubleArrayTrie over the raw text: the ceiling. */
  @Benchmark
  public void rawAutomaton(Blackhole bh) {
    for (String line : lines) {
      bh.consume(raw.parseText(line));
    }
  }

  /** Pre-check latency of a 5,000-character script. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public static class Precheck {
    private ScriptPrecheck precheck;
    private String script;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Detector detector = Detector.bundled();
      precheck = new ScriptPrecheck(detector);
      StringBuilder b = new StringBuilder();
      for (String line : BenchCorpus.lines(detector, 5_000)) {
        if (b.length() + line.length() + 1 > 5_000) {
          break;
        }
        b.append(line).append('\n');
      }
      script = b.toString();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScriptPrecheck.Result precheck5000() {
      return precheck.run(script, "cosmetics", LocalDate.of(2026, 11, 23));
    }
  }
}
