package io.liveguard.bench.risk;

import io.liveguard.risk.MemoryRiskStore;
import io.liveguard.risk.RiskEngine;
import io.liveguard.risk.ScoringRules;
import io.liveguard.risk.Signal;
import io.liveguard.risk.Subject;
import io.liveguard.risk.WarningRules;
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
 * Full recomputation for 100,000 subjects (the rooms of {@link RiskCorpus}, 3 M signals), three
 * ways in one run: {@code scoreAllFromState} scores every room from its stored accruals (what a
 * ranking does); {@code replayAndScoreAll} rebuilds every accrual from the whole history, then
 * scores every room (recovery, or a change of weights); the peer {@code naiveScoreAll} computes
 * every room's score from its own history in closed form.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class RiskRecomputeBenchmark {
  private RiskCorpus corpus;
  private ScoringRules rules;
  private RiskEngine engine;

  @Setup(Level.Trial)
  public void setUp() {
    corpus = new RiskCorpus(20261205L);
    rules = ScoringRules.defaults();
    engine = replay();
  }

  private RiskEngine replay() {
    // accruals only: the warning rules are not re-run on a recomputation
    RiskEngine e =
        new RiskEngine(rules, WarningRules.defaults(), corpus.graph, new MemoryRiskStore());
    for (Signal s : corpus.history) {
      e.accrue(s);
    }
    return e;
  }

  private double scoreAll(RiskEngine e) {
    double sum = 0;
    for (int r = 1; r <= RiskCorpus.ROOMS; r++) {
      sum += e.score(Subject.room(r), corpus.end).raw();
    }
    return sum;
  }

  @Benchmark
  public double scoreAllFromState() {
    return scoreAll(engine);
  }

  @Benchmark
  public double replayAndScoreAll() {
    return scoreAll(replay());
  }

  @Benchmark
  public double naiveScoreAll() {
    double sum = 0;
    for (int r = 1; r <= RiskCorpus.ROOMS; r++) {
      sum += RiskCorpus.naiveRaw(rules, corpus.byRoom.get(r), corpus.category[r], corpus.end);
    }
    return sum;
  }
}
