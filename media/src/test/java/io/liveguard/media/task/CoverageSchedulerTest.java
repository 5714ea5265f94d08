package io.liveguard.media.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoverageSchedulerTest {

  static final ZonedDateTime NOW =
      ZonedDateTime.of(2025, 11, 8, 20, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
  static final Set<MonitoringTask.Element> SPEECH_SCREEN =
      EnumSet.of(MonitoringTask.Element.SPEECH, MonitoringTask.Element.SCREEN);

  static Map<String, RoomRisk> rooms(int n, long seed) {
    Random r = new Random(seed);
    Map<String, RoomRisk> m = new HashMap<>();
    String[] cats = {"apparel", "food", "health_food", "cosmetics", null};
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      m.put(
          id,
          new RoomRisk(
              id,
              true,
              cats[r.nextInt(cats.length)],
              r.nextInt(4) == 0 ? r.nextInt(20) : 0,
              r.nextInt(10) == 0 ? r.nextInt(5) : 0));
    }
    return m;
  }

  @Test
  void watchesEveryRoomWhenCapacitySuffices() {
    Map<String, RoomRisk> rooms = rooms(5, 1);
    MonitoringTask t =
        new MonitoringTask(
            "t", rooms.keySet(), SPEECH_SCREEN, MonitoringTask.Schedule.CONTINUOUS, 1);
    CoverageScheduler.Plan p = new CoverageScheduler(8).plan(List.of(t), rooms, NOW);
    assertThat(p.watched()).hasSize(5);
    assertThat(p.waiting()).isEmpty();
    assertThat(p.expectedCoverage()).isEqualTo(1.0);
  }

  @Test
  void samplesByRiskRotatesTheRestAndReportsCoverageHonestly() {
    for (long seed = 1; seed <= 20; seed++) {
      Map<String, RoomRisk> rooms = rooms(50, seed);
      MonitoringTask t =
          new MonitoringTask(
              "t", rooms.keySet(), SPEECH_SCREEN, MonitoringTask.Schedule.CONTINUOUS, 1);
      CoverageScheduler s = new CoverageScheduler(10);
      Map<String, Integer> watched = new HashMap<>();
      CoverageScheduler.Plan last = null;
      int rounds = 200;
      for (int i = 0; i < rounds; i++) {
        last = s.plan(List.of(t), rooms, NOW.plusMinutes(i));
        assertThat(last.watched()).as("seed %d", seed).hasSize(10);
        assertThat(last.watched().stream().map(CoverageScheduler.Assignment::room).distinct())
            .hasSize(10);
        last.watched().forEach(a -> watched.merge(a.room(), 1, Integer::sum));
      }
      // nobody is starved
      assertThat(watched.keySet()).as("seed %d", seed).hasSize(50);
      // the observed coverage is exactly what happened
      for (var e : last.observedCoverage().entrySet()) {
        assertThat(e.getValue()).isEqualTo(watched.get(e.getKey()) / (double) rounds);
      }
      // each room within one round of its target share (stride scheduling)
      Map<String, Double> w =
          rooms.values().stream().collect(Collectors.toMap(RoomRisk::room, RoomRisk::weight));
      Map<String, Double> share = CoverageScheduler.shares(w, 10);
      for (String room : rooms.keySet()) {
        assertThat(watched.get(room))
            .as("seed %d room %s", seed, room)
            .isBetween(
                (int) Math.floor(share.get(room) * rounds) - 1,
                (int) Math.ceil(share.get(room) * rounds) + 1);
      }
      // the riskiest room is watched at least as often as the least risky one
      String max = w.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      String min = w.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertThat(watched.get(max)).isGreaterThanOrEqualTo(watched.get(min));
      assertThat(last.expectedCoverage()).isEqualTo(10 / 50.0);
    }
  }

  @Test
  void respectsSchedulesLivenessAndPriority() {
    Map<String, RoomRisk> rooms = new HashMap<>();
    IntStream.range(0, 4)
        .forEach(i -> rooms.put("r" + i, new RoomRisk("r" + i, i != 3, null, 0, 0)));
    MonitoringTask evening =
        new MonitoringTask(
            "evening",
            Set.of("r0", "r1"),
            SPEECH_SCREEN,
            new MonitoringTask.Schedule(
                false,
                List.of(
                    new MonitoringTask.Window(Set.of(), LocalTime.of(19, 0), LocalTime.of(1, 0)))),
            1);
    MonitoringTask campaign =
        new MonitoringTask(
            "campaign",
            Set.of("r2", "r3"),
            EnumSet.of(MonitoringTask.Element.SCREEN),
            MonitoringTask.Schedule.CONTINUOUS,
            5);
    CoverageScheduler s = new CoverageScheduler(1);
    // at 20:00 r0, r1 (evening) and r2 (campaign, priority 5) are eligible; r3 is offline
    CoverageScheduler.Plan p = s.plan(List.of(evening, campaign), rooms, NOW);
    assertThat(p.eligible()).isEqualTo(3);
    assertThat(p.watched())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.room()).isEqualTo("r2");
              assertThat(a.elements()).containsExactly(MonitoringTask.Element.SCREEN);
            });
    // past midnight the evening window still holds (it wraps) until 01:00
    assertThat(
            s.plan(List.of(evening), rooms, NOW.withHour(0).withMinute(30).plusDays(1)).eligible())
        .isEqualTo(2);
    assertThat(s.plan(List.of(evening), rooms, NOW.withHour(9)).eligible()).isZero();
    assertThat(
            new MonitoringTask.Window(
                    Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0))
                .days())
        .containsExactly(DayOfWeek.MONDAY);
  }

  @Test
  void anEarlyWarningRaisesARoomButNeverLowersIt() {
    Map<String, RoomRisk> rooms =
        Map.of(
            "a", new RoomRisk("a", true, null, 0, 0),
            "b", new RoomRisk("b", true, null, 0, 0),
            "c", new RoomRisk("c", true, null, 0, 0),
            "d", new RoomRisk("d", true, null, 0, 0));
    List<MonitoringTask> tasks =
        List.of(
            new MonitoringTask(
                "t", Set.of("a", "b", "c"), SPEECH_SCREEN, MonitoringTask.Schedule.CONTINUOUS, 3));
    CoverageScheduler plain = new CoverageScheduler(1);
    CoverageScheduler warned = new CoverageScheduler(1);
    // "d" is in no task: a warning cannot make it watched; "b" is raised; "c" is "lowered" to 1
    RoomPriorities raised =
        r ->
            switch (r) {
              case "b" -> 5;
              case "c" -> 1;
              case "d" -> 5;
              default -> 0;
            };
    CoverageScheduler.Plan p = null;
    CoverageScheduler.Plan q = null;
    for (int i = 0; i < 60; i++) {
      p = plain.plan(tasks, rooms, NOW);
      q = warned.plan(tasks, rooms, raised, NOW);
    }
    assertThat(p.observedCoverage().get("b"))
        .isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.02));
    // weights 3, 5, 3: b gets 5/11 of the slot, a and c keep 3/11 each
    assertThat(q.observedCoverage().get("b"))
        .isCloseTo(5 / 11.0, org.assertj.core.data.Offset.offset(0.02));
    assertThat(q.observedCoverage().get("c"))
        .isCloseTo(3 / 11.0, org.assertj.core.data.Offset.offset(0.02));
    assertThat(q.observedCoverage()).doesNotContainKey("d");
    assertThat(q.eligible()).isEqualTo(3);
  }
}
