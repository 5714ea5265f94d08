package io.liveguard.platform.monitor;

import io.liveguard.evidence.EvidenceVault;
import io.liveguard.media.asr.AsrEngine;
import io.liveguard.media.asr.FunAsrEngine;
import io.liveguard.media.asr.Sphinx4Engine;
import io.liveguard.media.asr.VoskEngine;
import io.liveguard.media.capture.Backoff;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.EgressProxy;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.scan.MediaScanner;
import io.liveguard.media.slice.SliceSealer;
import io.liveguard.media.task.MonitoringTask;
import io.liveguard.media.task.RoomRisk;
import io.liveguard.media.task.RoomWatchers;
import io.liveguard.media.task.ScannerWorkers;
import io.liveguard.media.vad.SileroVad;
import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.risk.RiskService;
import io.liveguard.platform.rules.RuleBook;
import io.liveguard.risk.RiskScore;
import io.liveguard.risk.Subject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Hosts the media module's {@link RoomWatchers} in the platform: every {@code
 * liveguard.monitor.period} it reads the active monitoring tasks, the rooms' live sessions (the
 * registry's {@code live_session}: started, not ended), their risk (the risk module's score
 * reasons) and the rooms raised by early warnings ({@link RiskService#priorities()}, the {@code
 * RoomPriorities} hook), and lets the scheduler start and stop capture workers within the
 * configured capacity. Workers' transcripts, screen text and price tags go through {@link Ingest}
 * like API events ({@link IngestSink}), so the live analysis, evidence and leads treat them alike.
 *
 * <p>A worker stops when its room's session ends, its task is deactivated, its stream address
 * changes or the scheduler rotates it out; all stop on shutdown. When ffmpeg or the OCR models are
 * missing, monitoring is disabled with an error in the log and the reason in {@link #status()} (and
 * the health endpoint), never silently.
 */
@Service
public class MonitorRuntime implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(MonitorRuntime.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a room's worker watches, as read this round. */
  record LiveRoom(
      String key, long roomId, String platform, String room, String session, String stream) {}

  /** A running worker's identity and resources. */
  static final class WorkerRun {
    final String runId;
    final LiveRoom room;
    final Instant started;
    final List<AutoCloseable> resources = new ArrayList<>();
    final Path spool;
    volatile MediaScanner scanner;
    volatile String lastStatus = "STARTING";

    WorkerRun(String runId, LiveRoom room, Instant started, Path spool) {
      this.runId = runId;
      this.room = room;
      this.started = started;
      this.spool = spool;
    }
  }

  /** The last round's outcome, as the API and the console show it. */
  public record RoundReport(Instant at, RoomWatchers.Round round) {}

  private final MonitorSettings settings;
  private final MonitoringTasks tasks;
  private final JdbcClient jdbc;
  private final RiskService risk;
  private final Ingest ingest;
  private final EvidenceVault vault;
  private final RuleBook rules;
  private final InstantSource clock;

  private final Map<String, Integer> raised = new ConcurrentHashMap<>();
  private final Map<String, WorkerRun> workers = new ConcurrentHashMap<>();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private volatile Map<String, LiveRoom> live = Map.of();
  private volatile List<MonitoringTask> mediaTasks = List.of();
  private volatile Map<String, RoomRisk> roomRisks = Map.of();

  private volatile String state = "starting";
  private volatile String reason = "";
  private volatile int speechCapacity;
  private volatile String speechReason = "";
  private volatile RoundReport last;
  private volatile String lastError;
  private volatile long rounds;

  private Ffmpeg ffmpeg;
  // every HTTP(S) request of the workers' ffmpeg goes through it (HLS segments, redirects)
  private volatile EgressProxy egress;
  private ModelStore models;
  private PpOcr ocr;
  private RoomWatchers watchers;
  private ScheduledExecutorService timer;
  private volatile boolean running;

  MonitorRuntime(
      MonitorSettings settings,
      MonitoringTasks tasks,
      JdbcClient jdbc,
      RiskService risk,
      Ingest ingest,
      EvidenceVault vault,
      RuleBook rules,
      InstantSource clock) {
    this.settings = settings;
    this.tasks = tasks;
    this.jdbc = jdbc;
    this.risk = risk;
    this.ingest = ingest;
    this.vault = vault;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    running = true;
    if (!settings.enabled) {
      disable("liveguard.monitor.enabled=false", false);
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "monitor-rounds");
              t.setDaemon(true);
              return t;
            });
    // ffmpeg is located (extracted from its jar) off the start-up path
    timer.execute(this::init);
    timer.scheduleWithFixedDelay(
        this::timedRound,
        settings.period.toMillis(),
        settings.period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void timedRound() {
    try {
      runRound();
    } catch (RuntimeException e) {
      lastError = e.toString();
      log.warn("monitoring round failed: {}", e.toString());
    }
  }

  private synchronized void init() {
    if (!running || watchers != null || state.equals("disabled")) {
      return;
    }
    try {
      ffmpeg = Ffmpeg.locate();
    } catch (RuntimeException e) {
      disable("ffmpeg: " + e.getMessage(), true);
      return;
    }
    try {
      StreamSources.Policy policy = settings.policy();
      egress = EgressProxy.start(a -> StreamSources.allowed(a, policy));
    } catch (IOException e) {
      disable("egress proxy: " + e.getMessage(), true);
      return;
    }
    models =
        settings.modelsDir == null ? ModelStore.defaultStore() : new ModelStore(settings.modelsDir);
    List<String> missing =
        missingModels(ModelStore.PPOCR_DET, ModelStore.PPOCR_REC, ModelStore.PPOCR_KEYS);
    if (!missing.isEmpty()) {
      disable(
          "PP-OCR models missing in "
              + models.dir()
              + ": "
              + missing
              + " (run scripts/fetch-models.sh or set LIVEGUARD_MODELS)",
          true);
      return;
    }
    speechCapacity = settings.speech;
    if (settings.speech > 0) {
      String why = speechUnavailable();
      if (why != null) {
        speechCapacity = 0;
        speechReason = why;
        log.warn(
            "MONITORING WITHOUT SPEECH: {}; rooms are watched for screen text only"
                + " (liveguard.monitor.asr, docs/platform.md)",
            why);
      }
    } else {
      speechReason = "liveguard.monitor.speech=0";
    }
    watchers =
        new RoomWatchers(
                new RoomWatchers.Capacity(settings.captures, speechCapacity),
                new ScannerWorkers(this::prepare, this::ended),
                () -> mediaTasks,
                () -> roomRisks,
                room -> raised.getOrDefault(room, 0),
                RoomWatchers.systemClock(settings.zone))
            .withStopGrace(Duration.ofSeconds(10));
    state = "running";
    reason = "";
    log.info(
        "monitoring enabled: {} capture slots, {} with speech (asr {}), a round every {}, ffmpeg {}",
        settings.captures,
        speechCapacity,
        settings.asr,
        settings.period,
        ffmpeg.origin());
  }

  private void disable(String why, boolean loud) {
    state = "disabled";
    reason = why;
    if (timer != null) {
      // nothing to schedule until a restart; the status and the health endpoint keep the reason
      timer.shutdown();
    }
    if (loud) {
      log.error(
          "MONITORING DISABLED: {}. No live room is captured on this node until this is fixed"
              + " and the platform restarted.",
          why);
    } else {
      log.info("monitoring disabled: {}", why);
    }
  }

  private List<String> missingModels(String... keys) {
    Map<String, ModelStore.Pin> pins = ModelStore.bundledPins();
    List<String> missing = new ArrayList<>();
    for (String k : keys) {
      ModelStore.Pin pin = pins.get(k);
      String file = pin.entry().substring(pin.entry().lastIndexOf('/') + 1);
      if (!Files.isRegularFile(models.dir().resolve(k).resolve(file))) {
        missing.add(k);
      }
    }
    return missing;
  }

  /** Why speech cannot run here, or null. */
  private String speechUnavailable() {
    if (settings.asr.equals("none")) {
      return "no ASR engine configured (liveguard.monitor.asr=none)";
    }
    if (!missingModels(ModelStore.SILERO_VAD).isEmpty()) {
      return "Silero VAD model missing in " + models.dir() + " (run scripts/fetch-models.sh)";
    }
    if (settings.asr.equals("vosk") && !Files.isDirectory(settings.voskModel)) {
      return "Vosk model directory " + settings.voskModel + " does not exist";
    }
    return null;
  }

  /** Runs one scheduling round now (the timer does so every period); null when disabled. */
  public synchronized RoundReport runRound() {
    if (watchers == null) {
      init();
      if (watchers == null) {
        return null;
      }
    }
    refresh();
    RoomWatchers.Round r = watchers.round();
    rounds++;
    last = new RoundReport(clock.instant(), r);
    if (!r.started().isEmpty() || !r.stopped().isEmpty() || !r.failed().isEmpty()) {
      log.info(
          "monitoring round: started {}, stopped {}, running {}, failed {}, speech denied {}",
          r.started().keySet(),
          r.stopped(),
          r.running(),
          r.failed(),
          r.speechDenied());
    }
    return last;
  }

  /** Reads tasks, live sessions, risk and raised priorities for the next round. */
  private void refresh() {
    List<MonitoringTasks.Task> active = new ArrayList<>(tasks.active());
    active.sort(
        Comparator.comparingInt((MonitoringTasks.Task t) -> -t.priority())
            .thenComparingLong(MonitoringTasks.Task::id));
    Map<String, String> sessions = new HashMap<>();
    jdbc.sql(
            "SELECT r.platform, r.external_id, s.external_id FROM live_session s JOIN room r ON"
                + " r.id = s.room_id WHERE s.started_at IS NOT NULL AND s.ended_at IS NULL AND"
                + " s.room_id IN (SELECT tr.room_id FROM monitoring_task_room tr JOIN"
                + " monitoring_task t ON t.id = tr.task_id WHERE t.active = TRUE) ORDER BY"
                + " s.started_at, s.id")
        .query(
            rs -> {
              sessions.put(rs.getString(1) + ":" + rs.getString(2), rs.getString(3));
            });
    Map<String, LiveRoom> liveNow = new LinkedHashMap<>();
    List<MonitoringTask> media = new ArrayList<>();
    for (MonitoringTasks.Task t : active) {
      Set<String> keys = new java.util.TreeSet<>();
      for (MonitoringTasks.TaskRoom r : t.rooms()) {
        keys.add(r.key());
        String session = sessions.get(r.key());
        if (session != null && !liveNow.containsKey(r.key())) {
          // the stream of the task with the highest priority (then the oldest task) wins
          liveNow.put(
              r.key(),
              new LiveRoom(r.key(), r.roomId(), r.platform(), r.room(), session, r.stream()));
        }
      }
      media.add(MonitoringTasks.toMedia(t, keys));
    }
    // an ended stream is remembered while its session is live with the same address, no longer
    Set<String> current = new java.util.HashSet<>();
    liveNow.values().forEach(r -> current.add(finishKey(r)));
    finished.retainAll(current);
    Map<String, RoomRisk> risks = new HashMap<>();
    for (LiveRoom r : liveNow.values()) {
      if (finished.contains(finishKey(r))) {
        continue; // the stream ended for this session: not watched again until something changes
      }
      risks.put(r.key(), roomRisk(r));
    }
    Map<String, Integer> raisedNow = new HashMap<>();
    for (RiskService.RoomPriority p : risk.priorities()) {
      raisedNow.merge(p.platform() + ":" + p.room(), p.priority(), Math::max);
    }
    raised.keySet().retainAll(raisedNow.keySet());
    raised.putAll(raisedNow);
    live = Map.copyOf(liveNow);
    mediaTasks = List.copyOf(media);
    roomRisks = Map.copyOf(risks);
    // a worker of an ended session, or of a stream address that changed, ends now; the scheduler
    // starts one for the room's current session at a later round
    for (WorkerRun w : workers.values()) {
      LiveRoom now = liveNow.get(w.room.key());
      if (now != null
          && (!now.session().equals(w.room.session()) || !now.stream().equals(w.room.stream()))) {
        MediaScanner s = w.scanner;
        if (s != null) {
          s.stop();
        }
      }
    }
  }

  /** The room's risk as the scheduler weighs it: findings and complaints of its risk score. */
  private RoomRisk roomRisk(LiveRoom r) {
    long findings = 0;
    long complaints = 0;
    try {
      RiskScore s = risk.score(new Subject(Subject.Kind.ROOM, r.roomId()));
      for (RiskScore.Contribution c : s.contributions()) {
        switch (c.reason()) {
          case NOTICE_FINDINGS, WARNING_FINDINGS, SERIOUS_FINDINGS -> findings += c.count();
          case COMPLAINTS, SPECIFIC_COMPLAINTS -> complaints += c.count();
          default -> {}
        }
      }
    } catch (RuntimeException e) {
      log.warn("risk of {} unavailable, weighed as routine: {}", r.key(), e.toString());
    }
    return new RoomRisk(
        r.key(),
        true,
        null,
        (int) Math.min(findings, 1_000_000),
        (int) Math.min(complaints, 1_000_000));
  }

  private static String finishKey(LiveRoom r) {
    return r.key() + "\n" + r.session() + "\n" + r.stream();
  }

  /** Prepares a scanner for a room (called by the scheduler's round). */
  private ScannerWorkers.Launch prepare(String key, Set<MonitoringTask.Element> elements)
      throws Exception {
    LiveRoom room = live.get(key);
    if (room == null) {
      throw new IllegalStateException("room " + key + " is no longer live");
    }
    MediaSource source;
    try {
      source = StreamSources.open(room.stream(), settings.policy());
    } catch (StreamSources.Refused e) {
      throw new IllegalStateException("stream refused (" + e.code + ")");
    }
    boolean speech = elements.contains(MonitoringTask.Element.SPEECH);
    boolean screen = elements.contains(MonitoringTask.Element.SCREEN);
    String runId =
        Long.toString(clock.millis(), 36)
            + "-"
            + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    Path spool = settings.spoolDir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + runId);
    WorkerRun run = new WorkerRun(runId, room, clock.instant(), spool);
    try {
      SileroVad vad = null;
      AsrEngine asr = null;
      if (speech) {
        vad = SileroVad.load(models);
        run.resources.add(vad);
        asr = asrEngine();
        run.resources.add(asr);
      }
      PpOcr reader = screen ? ocr() : null;
      MediaEvent.Origin origin =
          new MediaEvent.Origin(room.platform(), room.room(), room.session());
      // a local file (demo, test) is played at its real pace, as a live room would be
      boolean realtime = source.kind() == MediaSource.Kind.FILE;
      MediaScanner.Config config =
          new MediaScanner.Config(
                  origin,
                  speech,
                  screen,
                  new Capture.Settings(
                      2,
                      settings.keyframeSeconds,
                      realtime,
                      0,
                      Duration.ofSeconds(8),
                      Backoff.DEFAULT,
                      source.kind() == MediaSource.Kind.FILE ? null : egress),
                  null,
                  LocalDate.now(settings.zone),
                  0.5,
                  30_000,
                  2_000)
              .withListingOnSale(at -> listingOnSale(room));
      MediaScanner scanner =
          new MediaScanner(
              ffmpeg,
              config,
              rules.detector(),
              vad,
              asr,
              reader,
              new SegmentSpool(spool, vault.store(), SegmentSpool.Retention.DEFAULT),
              new SliceSealer(vault, "LiveGuard 无感监测"),
              new IngestSink(run, ingest, jdbc, clock),
              InstantSource.system());
      run.scanner = scanner;
      workers.put(key, run);
      return new ScannerWorkers.Launch(scanner, source);
    } catch (Exception | Error e) {
      closeResources(run);
      throw e;
    }
  }

  private AsrEngine asrEngine() throws IOException {
    return switch (settings.asr) {
      case "sphinx4" -> Sphinx4Engine.english();
      case "funasr" -> new FunAsrEngine(URI.create(settings.funasrUrl), Duration.ofSeconds(30));
      case "vosk" -> VoskEngine.load(settings.voskModel);
      default -> throw new IllegalStateException("no ASR engine configured");
    };
  }

  private synchronized PpOcr ocr() throws Exception {
    if (ocr == null) {
      ocr = PpOcr.load(models, settings.ocrThreads);
    }
    return ocr;
  }

  /** The listing the room's session has on sale: its latest listing snapshot. */
  private String listingOnSale(LiveRoom room) {
    List<String> bodies =
        jdbc.sql(
                "SELECT body FROM event WHERE platform = ? AND room = ? AND session = ? AND"
                    + " event_type = 'listing' ORDER BY seq DESC LIMIT 1")
            .params(room.platform(), room.room(), room.session())
            .query(String.class)
            .list();
    if (bodies.isEmpty()) {
      return null;
    }
    try {
      var e = io.liveguard.detect.event.EventJson.parse(bodies.get(0));
      return e.payload() instanceof io.liveguard.detect.event.Payload.Listing l
          ? l.listing()
          : null;
    } catch (RuntimeException | io.liveguard.detect.event.EventFormatException e) {
      return null;
    }
  }

  /** A worker ended (stream ended, stopped, or failed). */
  private void ended(String key, Object result) {
    WorkerRun run = workers.remove(key);
    if (run == null) {
      return;
    }
    closeResources(run);
    if (result instanceof MediaScanner.Summary s) {
      if (s.state() == Capture.State.ENDED) {
        finished.add(finishKey(run.room));
      }
      log.info(
          "monitoring worker {} ({} session {}) ended {}: {} events, {} findings, {} slices",
          run.runId,
          key,
          run.room.session(),
          s.state(),
          s.events(),
          s.findings(),
          s.slices());
    } else {
      lastError = key + ": " + result;
      log.warn("monitoring worker {} ({}) failed: {}", run.runId, key, String.valueOf(result));
    }
  }

  private static void closeResources(WorkerRun run) {
    for (AutoCloseable c : run.resources) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing {}: {}", c, e.toString());
      }
    }
    try {
      if (Files.isDirectory(run.spool)) {
        try (var files = Files.walk(run.spool)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      log.debug("spool {} not removed: {}", run.spool, e.toString());
    }
  }

  @Override
  public void stop() {
    RoomWatchers w;
    ScheduledExecutorService t;
    synchronized (this) {
      running = false;
      w = watchers;
      t = timer;
      watchers = null;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    if (w != null) {
      w.close();
      // let the workers drain what they recognized into the event table before the pool closes
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!workers.isEmpty() && System.nanoTime() < end) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!workers.isEmpty()) {
        log.warn("monitoring workers still stopping at shutdown: {}", workers.keySet());
      }
    }
    synchronized (this) {
      if (ocr != null) {
        ocr.close();
        ocr = null;
      }
      if (egress != null) {
        try {
          egress.close();
        } catch (IOException e) {
          log.debug("egress proxy not closed: {}", e.toString());
        }
        egress = null;
      }
      if (!state.equals("disabled")) {
        state = "stopped";
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // stop before the web server and the data source go (they stop at higher phases / later)
    return Integer.MAX_VALUE - 2048;
  }

  /** The priority an early warning raises {@code room} ({@code platform:room}) to, or 0. */
  public int raisedPriority(String room) {
    return raised.getOrDefault(room, 0);
  }

  /** What the runtime is doing: for the API, the console and the health endpoint. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", state);
    if (!reason.isEmpty()) {
      m.put("reason", reason);
    }
    m.put("captures", settings.captures);
    m.put("speech", speechCapacity);
    if (!speechReason.isEmpty()) {
      m.put("speechUnavailable", speechReason);
    }
    m.put("asr", settings.asr);
    m.put("periodSeconds", settings.period.toMillis() / 1000.0);
    m.put("rounds", rounds);
    if (lastError != null) {
      m.put("lastError", lastError);
    }
    EgressProxy e = egress;
    if (e != null) {
      m.put("egressForwarded", e.forwarded());
      m.put("egressRefused", e.refusals());
    }
    return m;
  }

  /** The last round, or null before the first. */
  public RoundReport last() {
    return last;
  }

  /** The running workers: room key → run id, session, start, last capture state. */
  public Map<String, Map<String, String>> workers() {
    Map<String, Map<String, String>> out = new java.util.TreeMap<>();
    for (var e : workers.entrySet()) {
      WorkerRun w = e.getValue();
      out.put(
          e.getKey(),
          Map.of(
              "run",
              w.runId,
              "session",
              w.room.session(),
              "since",
              w.started.toString(),
              "capture",
              w.lastStatus));
    }
    return out;
  }

  boolean enabled() {
    return state.equals("running");
  }
}
