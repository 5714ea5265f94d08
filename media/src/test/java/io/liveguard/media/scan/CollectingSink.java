package io.liveguard.media.scan;

import io.liveguard.detect.Finding;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.slice.EvidenceSlice;
import java.util.ArrayList;
import java.util.List;

class CollectingSink implements ScanSink {
  final List<MediaEvent> events = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();
  final List<MediaEvent> findingEvents = new ArrayList<>();
  final List<EvidenceSlice> slices = new ArrayList<>();
  final List<Capture.Status> statuses = new ArrayList<>();

  @Override
  public void event(MediaEvent event) {
    events.add(event);
  }

  @Override
  public void finding(MediaEvent event, Finding finding) {
    findings.add(finding);
    findingEvents.add(event);
  }

  @Override
  public void slice(MediaEvent event, EvidenceSlice slice) {
    slices.add(slice);
  }

  @Override
  public void status(Capture.Status status) {
    statuses.add(status);
  }
}
