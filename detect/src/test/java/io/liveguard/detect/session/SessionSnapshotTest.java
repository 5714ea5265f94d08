package io.liveguard.detect.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.detect.price.PriceModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A snapshot taken at any point of a session and restored into a new analyzer raises, on the rest
 * of the session, exactly the findings of the uninterrupted run.
 */
class SessionSnapshotTest {

  private static final Detector DETECTOR = Detector.bundled();

  private static SessionAnalyzer analyzer() {
    return new SessionAnalyzer(
        DETECTOR,
        TestModels.RULES,
        Taxonomy.bundled(),
        new CounterfeitModel(TestModels.BRANDS, AuthorisedSellers.UNKNOWN));
  }

  /** Findings of each event (index i: what accepting event i raised; last: the flush). */
  private static List<List<String>> run(SessionAnalyzer a, List<Event> events, int from) {
    List<List<String>> out = new ArrayList<>();
    for (int i = from; i < events.size(); i++) {
      out.add(json(a.accept(events.get(i))));
    }
    out.add(json(a.flush()));
    return out;
  }

  private static List<String> json(List<SessionFinding> found) {
    return found.stream().map(SessionFinding::toJson).toList();
  }

  private static void assertRestoresExactly(
      List<Event> events, int cut, Duration lateness, String name) {
    List<List<String>> uninterrupted = run(analyzer().lateness(lateness), events, 0);
    SessionAnalyzer before = analyzer().lateness(lateness);
    for (int i = 0; i < cut; i++) {
      before.accept(events.get(i));
    }
    byte[] snapshot = before.snapshot();
    SessionAnalyzer after = analyzer().restore(snapshot);
    assertThat(after.snapshot())
        .as("%s: snapshot of the restored analyzer", name)
        .isEqualTo(snapshot);
    List<List<String>> resumed = run(after, events, cut);
    assertThat(resumed)
        .as("%s cut at %d", name, cut)
        .isEqualTo(uninterrupted.subList(cut, uninterrupted.size()));
  }

  @Test
  void everyFixtureCutAtEveryEventRestoresToTheFindingsOfTheUninterruptedRun() throws IOException {
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/sessions"))) {
      fixtures = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(10);
    int findings = 0;
    for (Path p : fixtures) {
      List<Event> events = TestModels.read("/sessions/" + p.getFileName()).events();
      findings += run(analyzer(), events, 0).stream().mapToInt(List::size).sum();
      for (int cut = 0; cut <= events.size(); cut++) {
        assertRestoresExactly(events, cut, Duration.ZERO, p.getFileName().toString());
        // with events held back for reordering, the snapshot carries them
        assertRestoresExactly(events, cut, Duration.ofMinutes(2), p.getFileName() + " (lateness)");
      }
    }
    assertThat(findings).isGreaterThan(20);
  }

  @Test
  void aLongSessionRestoresExactlyLongAfterWhatABoundedEventLogWouldHold() {
    long seed = new Random().nextLong();
    List<Event> events = longSession(seed, 3_000);
    long chars =
        events.stream()
            .mapToLong(e -> e.payload() instanceof Payload.Transcript t ? t.text().length() : 0)
            .sum();
    assertThat(chars).as("seed %d", seed).isGreaterThan(60_000); // 3× the old 20,000-char log
    List<String> all = run(analyzer(), events, 0).stream().flatMap(List::stream).toList();
    // the time limit said in the first minute is contradicted by the next day's price
    assertThat(all)
        .as("seed %d", seed)
        .anySatisfy(f -> assertThat(f).contains(PriceModel.TIME_LIMIT).contains("\"t-0\""));
    Random r = new Random(seed);
    for (int k = 0; k < 4; k++) {
      int cut = events.size() / 2 + r.nextInt(events.size() / 2);
      assertRestoresExactly(events, cut, Duration.ZERO, "long session, seed " + seed);
    }
  }

  /**
   * A listing, a "仅限今天" claim, then {@code n} transcripts (some with lexicon hits, price claims,
   * brand cues), sales and prices through the evening, and the next day's unchanged price.
   */
  static List<Event> longSession(long seed, int n) {
    Random r = new Random(seed);
    Platform p = Platform.byId("douyin");
    Instant t0 = Instant.parse("2025-11-08T12:00:00Z");
    List<Event> out = new ArrayList<>();
    Payload.Listing listing =
        new Payload.Listing(
            "L-1",
            "纯棉T恤 男女同款",
            Map.of("成分", "100%棉"),
            new BigDecimal("99"),
            new BigDecimal("199"),
            "apparel",
            "某某旗舰店",
            null);
    out.add(new Event("l-0", p, "room-1", "s-1", t0, listing));
    out.add(
        new Event(
            "t-0",
            p,
            "room-1",
            "s-1",
            t0.plusSeconds(30),
            new Payload.Transcript("这个价格仅限今天，最后一波了", 0, 1000, null, null)));
    String[] lines = {
      "家人们看一下这件衣服的面料，",
      "这是全网最低价，",
      "纯棉的，穿着很舒服，",
      "原价三百九十九，今天只要九十九，",
      "和原版一模一样，香奈儿同款，",
      "最好的一款，国家级产品，",
      "喜欢的家人们点点关注，"
    };
    long sold = 0;
    for (int i = 1; i <= n; i++) {
      Instant at = t0.plusSeconds(30 + 5L * i);
      int kind = r.nextInt(20);
      if (kind == 0) {
        sold += r.nextInt(40);
        out.add(
            new Event(
                "sa-" + i,
                p,
                "room-1",
                "s-1",
                at,
                new Payload.Sales("L-1", sold, (long) (50 + r.nextInt(100)))));
      } else if (kind == 1) {
        out.add(
            new Event(
                "p-" + i,
                p,
                "room-1",
                "s-1",
                at,
                new Payload.Price(
                    "L-1",
                    new BigDecimal(r.nextBoolean() ? "99" : "109"),
                    "CNY",
                    Payload.PriceSource.CHECKOUT,
                    null)));
      } else {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 2 + r.nextInt(3); w++) {
          text.append(lines[r.nextInt(lines.length)]);
        }
        out.add(
            new Event(
                "t-" + i,
                p,
                "room-1",
                "s-1",
                at,
                new Payload.Transcript(text.toString(), 5000L * i, 5000L * i + 4000, 0.9, null)));
      }
    }
    out.add(
        new Event(
            "p-next-day",
            p,
            "room-1",
            "s-2",
            t0.plus(Duration.ofHours(24)),
            new Payload.Price(
                "L-1", new BigDecimal("99"), "CNY", Payload.PriceSource.LISTING, null)));
    return out;
  }

  @Test
  void rejectsAnotherVersionCorruptBytesAndAnAnalyzerInUse() {
    List<Event> events = longSession(7L, 200);
    SessionAnalyzer a = analyzer();
    events.forEach(a::accept);
    byte[] good = a.snapshot();

    byte[] newer = Arrays.copyOf(good, good.length);
    ByteBuffer.wrap(newer).putInt(4, SessionAnalyzer.SNAPSHOT_VERSION + 1);
    assertThatThrownBy(() -> analyzer().restore(newer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "session analyzer snapshot version "
                + (SessionAnalyzer.SNAPSHOT_VERSION + 1)
                + " cannot be read; this analyzer reads version "
                + SessionAnalyzer.SNAPSHOT_VERSION);
    assertThatThrownBy(() -> analyzer().restore("{\"not\":1}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a session analyzer snapshot");
    assertThatThrownBy(() -> analyzer().restore(Arrays.copyOf(good, good.length / 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("corrupt snapshot");
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> analyzer().restore(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("corrupt snapshot at byte " + good.length + ": 1 bytes left over");
    Random r = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] flipped = Arrays.copyOf(good, good.length);
      flipped[8 + r.nextInt(flipped.length - 8)] ^= (byte) (1 + r.nextInt(255));
      try {
        analyzer().restore(flipped);
      } catch (IllegalArgumentException expected) {
        // a flipped byte is either harmless (a text changed) or reported, never anything else
      }
    }
    assertThatThrownBy(() -> a.restore(good))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an analyzer restores a snapshot only before any event");
  }

  @Test
  void anAnalyzerRememberingFewIdsDropsTheSameCopiesAfterARestore() {
    List<Event> events = new ArrayList<>(longSession(3L, 400));
    // copies of early events, delivered late: the first within the remembered window, the
    // second long after it
    events.add(events.size() - 5, events.get(events.size() - 50));
    events.add(events.get(3));
    SessionAnalyzer whole = analyzer().rememberIds(SessionAnalyzer.SNAPSHOT_IDS);
    List<List<String>> uninterrupted = run(whole, events, 0);
    SessionAnalyzer before = analyzer().rememberIds(SessionAnalyzer.SNAPSHOT_IDS);
    int cut = events.size() - 100;
    for (int i = 0; i < cut; i++) {
      before.accept(events.get(i));
    }
    SessionAnalyzer after =
        analyzer().rememberIds(SessionAnalyzer.SNAPSHOT_IDS).restore(before.snapshot());
    assertThat(run(after, events, cut)).isEqualTo(uninterrupted.subList(cut, uninterrupted.size()));
    assertThatThrownBy(() -> analyzer().rememberIds(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("remembered ids must lie in [1, 1000000], was 0");
  }
}
