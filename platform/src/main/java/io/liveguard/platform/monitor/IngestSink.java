package io.liveguard.platform.monitor;

import io.liveguard.detect.Finding;
import io.liveguard.detect.event.Event;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.scan.ScanSink;
import io.liveguard.media.slice.EvidenceSlice;
import io.liveguard.platform.ingest.IncomingEvent;
import io.liveguard.platform.ingest.Ingest;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts what a capture worker recognizes into the platform's event table through {@link Ingest}, the
 * path API events take: one committed transaction per event, so the live analysis, evidence and
 * leads treat it like any other. Event ids are the scanner's, re-rooted under the worker's run id
 * ({@code mon:<run>:<kind><media ms>…}): unique across workers and restarts of the same session,
 * and stable for a retried store (a retry is a duplicate, never a second event). Calls are
 * serialized by the scanner.
 */
final class IngestSink implements ScanSink {
  private static final Logger log = LoggerFactory.getLogger(IngestSink.class);
  private static final int ATTEMPTS = 5;

  private final MonitorRuntime.WorkerRun run;
  private final Ingest ingest;
  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final String prefix;

  IngestSink(MonitorRuntime.WorkerRun run, Ingest ingest, JdbcClient jdbc, InstantSource clock) {
    this.run = run;
    this.ingest = ingest;
    this.jdbc = jdbc;
    this.clock = clock;
    this.prefix = run.room.room() + ":" + run.room.session() + ":";
  }

  /** The platform id of a scanner's event id. */
  String id(String scannerId) {
    String rest = scannerId.startsWith(prefix) ? scannerId.substring(prefix.length()) : scannerId;
    String id = "mon:" + run.runId + ":" + rest;
    if (id.length() > 128) {
      id =
          "mon:"
              + run.runId
              + ":"
              + EvidenceVault.sha256Hex(scannerId.getBytes(StandardCharsets.UTF_8))
                  .substring(0, 40);
    }
    return id;
  }

  /** The event with its platform id (and, for a price, the platform id of its screen text). */
  MediaEvent rename(MediaEvent e) {
    if (e instanceof MediaEvent.Transcript t) {
      return new MediaEvent.Transcript(
          id(t.id()),
          t.origin(),
          t.at(),
          t.text(),
          t.startMillis(),
          t.endMillis(),
          t.confidence(),
          t.engine());
    }
    if (e instanceof MediaEvent.ScreenText s) {
      return new MediaEvent.ScreenText(
          id(s.id()),
          s.origin(),
          s.at(),
          s.text(),
          s.box(),
          s.frame(),
          s.mediaMillis(),
          s.prices());
    }
    MediaEvent.PriceShown p = (MediaEvent.PriceShown) e;
    return new MediaEvent.PriceShown(
        id(p.id()), p.origin(), p.at(), p.listing(), p.price(), id(p.screenText()));
  }

  @Override
  public void event(MediaEvent scanned) {
    MediaEvent e = rename(scanned);
    Event ev = e.toEvent();
    IncomingEvent in =
        new IncomingEvent(
            ev.id(), ev.type(), ev.platform().id(), ev.room(), ev.session(), ev.at(), e.toJson());
    for (int attempt = 1; ; attempt++) {
      try {
        ingest.store(List.of(in), null);
        return;
      } catch (RuntimeException ex) {
        if (attempt >= ATTEMPTS) {
          log.error(
              "monitoring worker {}: event {} could not be stored after {} attempts and is lost:"
                  + " {}",
              run.runId,
              in.id(),
              attempt,
              ex.toString());
          return;
        }
        try {
          Thread.sleep(200L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void finding(MediaEvent event, Finding finding) {
    // the platform's live analysis raises the findings of record from the stored event; the
    // scanner's own finding only decides which media it pins and seals
  }

  @Override
  public void slice(MediaEvent event, EvidenceSlice slice) {
    try {
      jdbc.sql(
              "INSERT INTO monitor_slice (event_id, platform, room, session, rule_id, evidence_id,"
                  + " sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .params(
              id(event.id()),
              event.origin().platform(),
              event.origin().room(),
              event.origin().session(),
              slice.sealed().manifest().detection().rule(),
              slice.id(),
              OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .update();
    } catch (RuntimeException ex) {
      log.warn("media slice {} of {} not recorded: {}", slice.id(), event.id(), ex.toString());
    }
  }

  @Override
  public void status(Capture.Status status) {
    run.lastStatus = status.state().name();
    if (status.state() == Capture.State.FAILED || status.state() == Capture.State.DROPPED) {
      log.warn("monitoring worker {} ({}): {}", run.runId, run.room.key(), status);
    }
  }
}
