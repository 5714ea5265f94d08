package io.liveguard.bench.risk;

import io.liveguard.risk.MemoryRiskStore;
import io.liveguard.risk.RiskEngine;
import io.liveguard.risk.ScoringRules;
import io.liveguard.risk.Signal;
import io.liveguard.risk.Subject;
import io.liveguard.risk.WarningRules;
import java.util.List;
import java.util.SplittableRandom;
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

/**
 * Score update cost per event, over {@link RiskCorpus} (100,000 rooms, a month of 3 M signals
 * applied at set-up): {@code incremental} applies one new finding through {@link RiskEngine#apply}
 * (the room's decaying accruals, its daily count and the score rule over the room and its
 * streamer's other rooms) and reads the new score; the peer {@code naiveRecompute} appends the
 * finding to the room's history and recomputes the room's score from that whole history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class RiskScoreBenchmark {
  private RiskCorpus corpus;
  private RiskEngine engine;
  private ScoringRules rules;
  private SplittableRandom rnd;
  private long millis;

  @Setup(Level.Trial)
  public void setUp() {
    corpus = new RiskCorpus(20261205L);
    rules = ScoringRules.defaults();
    engine = new RiskEngine(rules, WarningRules.defaults(), corpus.graph, new MemoryRiskStore());
    for (Signal s : corpus.history) {
      engine.apply(s);
    }
    rnd = new SplittableRandom(7);
    millis = corpus.end.toEpochMilli();
  }

  private Signal.FindingRaised next() {
    millis += 10;
    int room = 1 + rnd.nextInt(RiskCorpus.ROOMS);
    return new Signal.FindingRaised(
        room,
        Signal.Severity.values()[rnd.nextInt(3)],
        "absolute",
        null,
        java.time.Instant.ofEpochMilli(millis));
  }

  @Benchmark
  public int incremental() {
    Signal.FindingRaised f = next();
    engine.apply(f);
    return engine.score(Subject.room(f.room()), f.at()).score();
  }

  @Benchmark
  public int naiveRecompute() {
    Signal.FindingRaised f = next();
    List<Signal> h = corpus.byRoom.get((int) f.room());
    h.add(f);
    return rules.score(RiskCorpus.naiveRaw(rules, h, corpus.category[(int) f.room()], f.at()));
  }
}
