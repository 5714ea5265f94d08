package io.liveguard.platform.cluster;

import io.liveguard.detect.Finding;
import io.liveguard.platform.lead.LeadIntake;
import io.liveguard.platform.lead.RaisedFinding;
import io.liveguard.stream.client.FindingsSubscriber;
import io.liveguard.stream.client.PublishedFinding;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In cluster mode, reads the Flink job's findings from the findings topic and hands them to the
 * same {@link LeadIntake} the embedded analysis uses: stored, evidence fixed, grouped into leads.
 *
 * <p>Effectively once: each finding's deterministic id goes into {@code cluster_finding}
 * (insert-if-absent) in the transaction that stores the finding, and the consumer's offsets are
 * committed only after that transaction; a crash in between delivers the same findings again, which
 * the table then skips. A finding is matched to the events it cites in the event table: the first
 * cited event holds it (as in embedded mode), the latest one bounds the listing snapshot and the
 * price history its evidence fixes. A finding that cites an event this platform never stored
 * (published to Kafka by another producer) is kept in {@code cluster_finding} with a note rather
 * than dropped.
 */
public class FindingIntake implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(FindingIntake.class);
  private static final String COLUMNS =
      "seq, event_id, event_type, platform, room, session, occurred_at, body";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final LeadIntake intake;
  private final InstantSource clock;
  private final Supplier<FindingsSubscriber> subscribers;
  private volatile boolean running;
  private Thread thread;
  private volatile long received;

  FindingIntake(
      JdbcClient jdbc,
      TransactionTemplate tx,
      LeadIntake intake,
      InstantSource clock,
      Supplier<FindingsSubscriber> subscribers) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.intake = intake;
    this.clock = clock;
    this.subscribers = subscribers;
  }

  /** Findings read from the topic since start (new or not). */
  public long received() {
    return received;
  }

  /**
   * Stores a batch of findings read from the topic, skipping those already stored; one transaction.
   * Returns how many were new.
   */
  int store(List<PublishedFinding> batch) {
    Integer n =
        tx.execute(
            status -> {
              OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
              List<RaisedFinding> raised = new ArrayList<>();
              List<String> ids = new ArrayList<>();
              for (PublishedFinding p : batch) {
                int fresh =
                    jdbc.sql(
                            "INSERT INTO cluster_finding (id, room, session, events, body,"
                                + " received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(
                            p.id(),
                            p.room(),
                            p.session(),
                            String.join(",", p.events()),
                            p.finding(),
                            now)
                        .update();
                if (fresh == 0) {
                  continue;
                }
                RaisedFinding r = raise(p);
                if (r == null) {
                  note(p.id(), "cites events this platform never stored");
                  continue;
                }
                raised.add(r);
                ids.add(p.id());
              }
              intake.accept(raised);
              for (int i = 0; i < raised.size(); i++) {
                RaisedFinding r = raised.get(i);
                Long stored =
                    jdbc.sql(
                            "SELECT id FROM finding WHERE event_seq = ? AND rule = ? AND span_begin"
                                + " = ? AND span_end = ?")
                        .params(
                            r.eventSeq(),
                            r.finding().rule(),
                            r.finding().begin(),
                            r.finding().end())
                        .query(Long.class)
                        .optional()
                        .orElse(null);
                jdbc.sql("UPDATE cluster_finding SET finding_id = ?, note = ? WHERE id = ?")
                    .params(
                        stored,
                        stored == null ? "not stored (no open lead accepted it)" : null,
                        ids.get(i))
                    .update();
              }
              return raised.size();
            });
    received += batch.size();
    return n == null ? 0 : n;
  }

  private void note(String id, String note) {
    jdbc.sql("UPDATE cluster_finding SET note = ? WHERE id = ?").params(note, id).update();
  }

  /** The finding with what its evidence must fix, read from the events it rests on; or null. */
  private RaisedFinding raise(PublishedFinding p) {
    if (p.events().isEmpty()) {
      return null;
    }
    Map<String, Row> cited = new HashMap<>();
    String in = String.join(",", Collections.nCopies(p.events().size(), "?"));
    jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE event_id IN (" + in + ")")
        .params(new ArrayList<Object>(p.events()))
        .query(
            (rs, i) ->
                cited.put(
                    rs.getString(2),
                    new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getString(8))))
        .list();
    Row holder = cited.get(p.events().get(0));
    if (holder == null) {
      return null;
    }
    Row latest = holder;
    for (Row r : cited.values()) {
      if (r.seq() > latest.seq()) {
        latest = r;
      }
    }
    Finding f = p.toFinding();
    String text = Row.field(holder.body(), "text");
    if (text == null) {
      text = Row.field(holder.body(), "title");
    }
    String evidence = p.evidence();
    if (evidence != null) {
      text = text == null ? evidence : text + "\n\n" + evidence;
    }
    String listing =
        jdbc.sql(
                "SELECT body FROM event WHERE platform = ? AND room = ? AND session = ? AND"
                    + " event_type = 'listing' AND seq <= ? ORDER BY seq DESC LIMIT 1")
            .params(latest.platform(), latest.room(), latest.session(), latest.seq())
            .query(String.class)
            .optional()
            .orElse(null);
    List<String> prices =
        new ArrayList<>(
            jdbc.sql(
                    "SELECT body FROM event WHERE platform = ? AND room = ? AND event_type ="
                        + " 'price' AND seq <= ? ORDER BY seq DESC LIMIT 50")
                .params(latest.platform(), latest.room(), latest.seq())
                .query(String.class)
                .list());
    Collections.reverse(prices);
    return new RaisedFinding(
        holder.seq(),
        holder.id(),
        holder.platform(),
        holder.room(),
        p.session() == null ? latest.session() : p.session(),
        p.at() == null ? latest.at() : Instant.parse(p.at()),
        f,
        text,
        listing,
        prices.isEmpty() ? null : "[" + String.join(",", prices) + "]",
        Row.field(holder.body(), "frame"));
  }

  private record Row(
      long seq, String id, String platform, String room, String session, Instant at, String body) {
    private static final tools.jackson.databind.json.JsonMapper JSON =
        tools.jackson.databind.json.JsonMapper.builder().build();

    static String field(String body, String name) {
      var v = JSON.readTree(body).get(name);
      return v == null || v.isNull() ? null : v.asString();
    }
  }

  private void loop() {
    FindingsSubscriber subscriber = null;
    while (running) {
      try {
        if (subscriber == null) {
          subscriber = subscribers.get();
        }
        List<PublishedFinding> batch = subscriber.poll(Duration.ofMillis(500));
        if (!batch.isEmpty()) {
          store(batch);
          subscriber.commit();
        }
      } catch (RuntimeException e) {
        // Start over from the committed offsets: what was not stored is read again.
        log.error("storing findings from Kafka failed; reading them again", e);
        if (subscriber != null) {
          try {
            subscriber.close();
          } catch (RuntimeException closing) {
            log.warn("closing the findings subscriber failed", closing);
          }
          subscriber = null;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::loop, "cluster-finding-intake");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
