package io.liveguard.detect.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SessionAnalyzerTest {

  private static Event event(String json) throws Exception {
    return EventJson.parse(json);
  }

  private static String ev(String id, String at, String rest) {
    return "{\"id\":\""
        + id
        + "\",\"platform\":\"douyin\",\"room\":\"r\",\"session\":\"s\",\"at\":\""
        + at
        + "\","
        + rest
        + "}";
  }

  @Test
  void anEventDeliveredTwiceIsAnalyzedOnce() throws Exception {
    SessionAnalyzer a = TestModels.analyzer(AuthorisedSellers.UNKNOWN);
    Event listing =
        event(
            ev(
                "l",
                "2025-11-08T20:00:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L\",\"title\":\"T恤\",\"attributes\":{\"成分\":\"100%棉\"},\"price\":99"));
    Event said =
        event(
            ev(
                "t",
                "2025-11-08T20:01:00+08:00",
                "\"type\":\"transcript\",\"text\":\"天丝的\",\"start_ms\":0,\"end_ms\":1"));
    assertThat(a.accept(listing)).isEmpty();
    assertThat(a.accept(said)).hasSize(1);
    assertThat(a.accept(said)).isEmpty();
    assertThat(a.accept(listing)).isEmpty();
  }

  @Test
  void theSameClaimRepeatedInASessionIsOneFindingAndEndingTheSessionDropsItsState()
      throws Exception {
    SessionAnalyzer a = TestModels.analyzer(AuthorisedSellers.UNKNOWN);
    a.accept(
        event(
            ev(
                "l",
                "2025-11-08T20:00:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L\",\"title\":\"T恤\",\"attributes\":{\"成分\":\"100%棉\"},\"price\":99")));
    assertThat(
            a.accept(
                event(
                    ev(
                        "t1",
                        "2025-11-08T20:01:00+08:00",
                        "\"type\":\"transcript\",\"text\":\"天丝的\",\"start_ms\":0,\"end_ms\":1"))))
        .hasSize(1);
    assertThat(
            a.accept(
                event(
                    ev(
                        "t2",
                        "2025-11-08T20:02:00+08:00",
                        "\"type\":\"transcript\",\"text\":\"真的是天丝\",\"start_ms\":0,\"end_ms\":1"))))
        .isEmpty();
    assertThat(a.activeSessions()).isEqualTo(1);
    a.accept(event(ev("end", "2025-11-08T22:00:00+08:00", "\"type\":\"session_ended\"")));
    assertThat(a.activeSessions()).isZero();
  }

  @Test
  void writesTheCheckShapeWithEventsAndEscapesHostileText() throws Exception {
    SessionAnalyzer a = TestModels.analyzer(AuthorisedSellers.UNKNOWN);
    a.accept(
        event(
            ev(
                "l",
                "2025-11-08T20:00:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L\",\"title\":\"T恤\",\"attributes\":{\"成分\":\"100%棉<script>\"},\"price\":99")));
    List<SessionFinding> f =
        a.accept(
            event(
                ev(
                        "t\"x",
                        "2025-11-08T20:01:00+08:00",
                        "\"type\":\"transcript\",\"text\":\"天丝的\",\"start_ms\":0,\"end_ms\":1")
                    .replace("t\"x", "t-x")));
    assertThat(f).hasSize(1);
    String json = f.get(0).toJson();
    assertThat(json)
        .startsWith(
            "{\"rule\":\"XC-CLAIM-LISTING\",\"category\":\"cross_check\",\"severity\":\"serious\"")
        .contains(
            "\"span\":[0,2]",
            "\"events\":[\"t-x\",\"l\"]",
            "\\u003cscript\\u003e",
            "\"at\":\"2025-11-08T12:01:00Z\"")
        .endsWith("}");
  }

  @Test
  void anyArrivalOrderWithinTheAllowedLatenessGivesTheSameFindings() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (String name : fixtures()) {
      List<Event> events = TestModels.read("/sessions/" + name + ".jsonl").events();
      List<String> expected =
          rulesOf(TestModels.run(TestModels.analyzer(AuthorisedSellers.UNKNOWN), events));
      List<Event> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      SessionAnalyzer late =
          TestModels.analyzer(AuthorisedSellers.UNKNOWN).lateness(Duration.ofDays(30));
      List<String> actual = rulesOf(TestModels.run(late, shuffled));
      assertThat(actual).as(name + " shuffled with seed " + seed).isEqualTo(expected);
    }
  }

  private static List<String> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/sessions"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl"))
          .map(n -> n.substring(0, n.length() - ".jsonl".length()))
          .sorted()
          .toList();
    }
  }

  @Test
  void eventsWithinTheLatenessAreAnalyzedInInstantOrder() throws Exception {
    SessionAnalyzer a =
        TestModels.analyzer(AuthorisedSellers.UNKNOWN).lateness(Duration.ofMinutes(5));
    Event said =
        event(
            ev(
                "t",
                "2025-11-08T20:01:00+08:00",
                "\"type\":\"transcript\",\"text\":\"天丝的\",\"start_ms\":0,\"end_ms\":1"));
    Event other =
        event(
            ev(
                "l2",
                "2025-11-08T20:03:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L2\",\"title\":\"裤子\",\"attributes\":{\"成分\":\"涤纶100%\"},\"price\":59"));
    Event listing =
        event(
            ev(
                "l",
                "2025-11-08T20:00:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L\",\"title\":\"T恤\",\"attributes\":{\"成分\":\"100%棉\"},\"price\":99"));
    assertThat(a.accept(said)).isEmpty();
    assertThat(a.accept(other)).isEmpty();
    assertThat(a.accept(listing)).isEmpty();
    List<SessionFinding> f = a.flush();
    assertThat(f).hasSize(1);
    assertThat(f.get(0).events()).containsExactly("t", "l");
    assertThat(a.flush()).isEmpty();
  }

  private static List<String> rulesOf(List<SessionFinding> findings) {
    List<String> out = new ArrayList<>();
    for (SessionFinding f : findings) {
      out.add(f.finding().rule() + " " + f.finding().term());
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void theBundledAnalyzerUsesTheRealBrandDictionaryAndTheLexicon() throws Exception {
    SessionAnalyzer a = SessionAnalyzer.bundled();
    a.accept(
        event(
            ev(
                "l",
                "2025-11-08T20:00:00+08:00",
                "\"type\":\"listing\",\"listing\":\"L\",\"title\":\"小香风链条包\",\"price\":299,\"category\":\"luxury\",\"shop\":\"潮包小铺\"")));
    List<SessionFinding> f =
        a.accept(
            event(
                ev(
                    "t",
                    "2025-11-08T20:01:00+08:00",
                    "\"type\":\"transcript\",\"text\":\"这是全网最好的包，和原版一模一样\",\"start_ms\":0,\"end_ms\":1")));
    assertThat(f).extracting(x -> x.finding().rule()).contains("CF-BRAND-CUE-LOW-PRICE");
    assertThat(f)
        .filteredOn(x -> x.evidence() == null)
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.events()).containsExactly("t"));
  }
}
