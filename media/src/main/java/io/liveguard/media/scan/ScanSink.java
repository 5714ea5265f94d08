package io.liveguard.media.scan;

import io.liveguard.detect.Finding;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.slice.EvidenceSlice;

/** Receives what a {@link MediaScanner} produces; calls are serialized by the scanner. */
public interface ScanSink {

  /** A transcript or screen-text event. */
  void event(MediaEvent event);

  /** A finding on {@code event}. */
  void finding(MediaEvent event, Finding finding);

  /** An evidence slice sealed for a finding on {@code event}. */
  default void slice(MediaEvent event, EvidenceSlice slice) {}

  /** A capture status change. */
  default void status(Capture.Status status) {}
}
