package io.liveguard.platform.analysis;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.platform.lead.RaisedFinding;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one live session: a window of recent transcript segments (so that a rule whose words
 * are split across segments — a brand, then 原版 — still matches), the latest listing and the price
 * history. Not thread-safe: one analysis thread owns all sessions.
 *
 * <p>Interim until the per-session analyzer of the detection core ({@code
 * io.liveguard.detect.session}) is on main; this class is its adapter point.
 */
final class SessionState {
  static final long WINDOW_MS = 30_000;
  static final int MAX_SEGMENTS = 4;
  static final int MAX_PRICES = 50;
  static final int MAX_REPORTED = 4096;

  private record Segment(long startMs, long endMs, long absoluteOffset, String text) {}

  private final Deque<Segment> window = new ArrayDeque<>();
  private final Set<String> reported = new LinkedHashSet<>();
  private long streamOffset;
  private String listing;
  private String category;
  private final Deque<String> prices = new ArrayDeque<>();
  long lastSeq;

  List<RaisedFinding> analyze(StoredEvent e, Detector detector) {
    lastSeq = e.seq();
    LocalDate date = e.at().atZone(Detector.CHINA).toLocalDate();
    List<RaisedFinding> out = new ArrayList<>();
    switch (e.type()) {
      case "transcript" -> transcript(e, detector, date, out);
      case "screen_text" -> single(e, e.text("text"), Channel.SCREEN, detector, date, out);
      case "chat" -> single(e, e.text("text"), Channel.CHAT, detector, date, out);
      case "script" -> single(e, e.text("text"), Channel.SCRIPT, detector, date, out);
      case "listing" -> {
        listing = e.body().toString();
        category = e.text("category");
        single(e, e.text("title"), Channel.LISTING, detector, date, out);
      }
      case "price" -> {
        prices.addLast(e.body().toString());
        while (prices.size() > MAX_PRICES) {
          prices.removeFirst();
        }
      }
      default -> {}
    }
    return out;
  }

  /** Replays an event already analysed before a restart, to rebuild the state without raising. */
  void prime(StoredEvent e) {
    switch (e.type()) {
      case "transcript" -> push(e);
      case "listing" -> {
        listing = e.body().toString();
        category = e.text("category");
      }
      case "price" -> prices.addLast(e.body().toString());
      default -> {}
    }
    lastSeq = e.seq();
  }

  private Segment push(StoredEvent e) {
    long start = e.body().get("start_ms").asLong();
    long end = e.body().get("end_ms").asLong();
    while (!window.isEmpty()
        && (window.size() >= MAX_SEGMENTS || start - window.peekFirst().endMs() > WINDOW_MS)) {
      window.removeFirst();
    }
    Segment s = new Segment(start, end, streamOffset, e.text("text"));
    streamOffset += s.text().length() + 1;
    window.addLast(s);
    return s;
  }

  private void transcript(
      StoredEvent e, Detector detector, LocalDate date, List<RaisedFinding> out) {
    push(e);
    StringBuilder text = new StringBuilder();
    long base = window.peekFirst().absoluteOffset();
    for (Segment s : window) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(s.text());
    }
    String windowText = text.toString();
    for (Finding f : detector.check(windowText, new CheckOptions(Channel.SPEECH, category, date))) {
      // A finding inside older segments was reported when they were current; report each once.
      String key = f.rule() + "|" + (base + f.begin()) + "|" + (base + f.end());
      if (reported.add(key)) {
        out.add(raise(e, f, windowText));
      }
    }
    while (reported.size() > MAX_REPORTED) {
      reported.remove(reported.iterator().next());
    }
  }

  private void single(
      StoredEvent e,
      String text,
      Channel channel,
      Detector detector,
      LocalDate date,
      List<RaisedFinding> out) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String product = channel == Channel.LISTING ? e.text("category") : category;
    for (Finding f : detector.check(text, new CheckOptions(channel, product, date))) {
      out.add(raise(e, f, text));
    }
  }

  private RaisedFinding raise(StoredEvent e, Finding f, String text) {
    String history = null;
    if (!prices.isEmpty()) {
      history = "[" + String.join(",", prices) + "]";
    }
    String media = e.text("frame");
    return new RaisedFinding(
        e.seq(),
        e.id(),
        e.platform(),
        e.room(),
        e.session(),
        e.at(),
        f,
        text,
        listing,
        history,
        media);
  }
}
