package io.liveguard.bench.session;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.session.SessionAnalyzer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * Replay throughput over a realistic session mix ({@link SessionCorpus}: {@value #EVENTS} events,
 * {@value #ROOMS} rooms), side by side with its parts measured in the same run: parsing the JSONL
 * alone ({@code parse}), the lexicon alone on every text ({@code lexiconOnly}), the session models
 * alone ({@code modelsOnly}), and the whole replay from JSONL ({@code replay}, what {@code
 * liveguard replay} does). Each invocation processes the whole corpus with a fresh analyzer; events
 * per second = ops/s × {@value #EVENTS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBenchmark {

  static final int EVENTS = 20_000;
  static final int ROOMS = 50;

  private List<String> lines;
  private List<Event> events;
  private Detector detector;
  private ModelRules rules;
  private CounterfeitModel counterfeit;

  @Setup(Level.Trial)
  public void setUp() throws EventFormatException, CatalogueException {
    lines = SessionCorpus.jsonl(ROOMS, EVENTS, 42);
    events = new ArrayList<>(lines.size());
    for (String l : lines) {
      events.add(EventJson.parse(l));
    }
    detector = Detector.bundled();
    rules =
        ModelRules.load(
            CatalogueFiles.bundled(),
            detector.catalogue(),
            SessionAnalyzer.requiredRules(Taxonomy.bundled()));
    counterfeit = new CounterfeitModel(detector.catalogue().brands(), AuthorisedSellers.UNKNOWN);
  }

  @Benchmark
  public void parse(Blackhole bh) throws EventFormatException {
    for (String l : lines) {
      bh.consume(EventJson.parse(l));
    }
  }

  @Benchmark
  public void lexiconOnly(Blackhole bh) {
    for (Event e : events) {
      String text = text(e.payload());
      if (text != null) {
        bh.consume(
            detector.check(
                text, new CheckOptions(Channel.SPEECH, null, LocalDate.of(2025, 11, 8))));
      }
    }
  }

  @Benchmark
  public void modelsOnly(Blackhole bh) {
    SessionAnalyzer a = new SessionAnalyzer(null, rules, Taxonomy.bundled(), counterfeit);
    for (Event e : events) {
      bh.consume(a.accept(e));
    }
    bh.consume(a.flush());
  }

  @Benchmark
  public void replay(Blackhole bh) throws EventFormatException {
    SessionAnalyzer a = new SessionAnalyzer(detector, rules, Taxonomy.bundled(), counterfeit);
    StringBuilder b = new StringBuilder(1024);
    for (String l : lines) {
      b.setLength(0);
      for (var f : a.accept(EventJson.parse(l))) {
        f.write(b);
      }
      bh.consume(b.length());
    }
  }

  private static String text(Payload p) {
    if (p instanceof Payload.Transcript t) {
      return t.text();
    }
    if (p instanceof Payload.ScreenText s) {
      return s.text();
    }
    if (p instanceof Payload.Chat c) {
      return c.text();
    }
    if (p instanceof Payload.Listing l) {
      return l.title();
    }
    return null;
  }
}
