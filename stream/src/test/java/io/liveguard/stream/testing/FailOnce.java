package io.liveguard.stream.testing;

import io.liveguard.stream.analysis.Outcome;
import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.topic.EventRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Wraps an analyzer and throws once, the first time it meets one chosen event: a task failure in
 * the middle of a session. The flag is static because Flink runs a deserialized copy of this
 * object; a MiniCluster runs it in the test's JVM.
 */
public final class FailOnce<S> implements RoomAnalyzer<S> {

  private static final long serialVersionUID = 1L;

  /** Set to arm the failure; cleared when it fires. */
  public static final AtomicBoolean ARMED = new AtomicBoolean();

  private final RoomAnalyzer<S> delegate;
  private final String eventId;

  public FailOnce(RoomAnalyzer<S> delegate, String eventId) {
    this.delegate = delegate;
    this.eventId = eventId;
  }

  @Override
  public TypeInformation<S> stateType() {
    return delegate.stateType();
  }

  @Override
  public S start(String key) {
    return delegate.start(key);
  }

  @Override
  public Outcome<S> analyze(S state, EventRecord event) {
    fail(event);
    return delegate.analyze(state, event);
  }

  @Override
  public Outcome<S> analyze(S state, EventRecord event, ReferenceData reference) {
    fail(event);
    return delegate.analyze(state, event, reference);
  }

  private void fail(EventRecord event) {
    if (event.id().equals(eventId) && ARMED.compareAndSet(true, false)) {
      throw new IllegalStateException("injected task failure at event " + eventId);
    }
  }
}
