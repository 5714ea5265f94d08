package io.liveguard.media.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects what a capture delivers. */
class RecordingListener implements Capture.Listener {
  final List<Capture.Status> statuses = Collections.synchronizedList(new ArrayList<>());
  final List<SegmentSpool.Segment> segments = Collections.synchronizedList(new ArrayList<>());
  final List<Long> frameTimes = Collections.synchronizedList(new ArrayList<>());
  final List<Path> frames = Collections.synchronizedList(new ArrayList<>());
  final List<Long> discontinuities = Collections.synchronizedList(new ArrayList<>());
  volatile long samples;

  @Override
  public void onPcm(short[] pcm, int len, long mediaMillis) {
    samples += len;
  }

  @Override
  public void onKeyframe(Path jpeg, long mediaMillis) {
    frames.add(jpeg);
    frameTimes.add(mediaMillis);
  }

  @Override
  public void onSegment(SegmentSpool.Segment segment) {
    segments.add(segment);
  }

  @Override
  public void onDiscontinuity(long mediaMillis) {
    discontinuities.add(mediaMillis);
  }

  @Override
  public void onStatus(Capture.Status status) {
    statuses.add(status);
  }

  List<Capture.State> states() {
    synchronized (statuses) {
      return statuses.stream().map(Capture.Status::state).toList();
    }
  }
}
