package io.liveguard.platform.cluster;

import io.liveguard.detect.rule.Rule;
import io.liveguard.platform.registry.RegistrySellers;
import io.liveguard.platform.rules.RuleBook;
import io.liveguard.platform.support.PollingWorker;
import io.liveguard.stream.client.ReferencePublisher;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.reference.ReferenceUpdate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * In cluster mode, publishes the reference data the Flink job analyses with — the registry's
 * authorised sellers per brand and the console's rule overlay — to the compacted reference topic,
 * one record per kind, at start and whenever it changes.
 *
 * <p>Design: the job has no database; it keeps the latest record of each kind as broadcast state
 * (docs/stream.md, "Reference data"). Rule changes are published as soon as the rule book puts them
 * in force ({@link RuleBook.RulesChanged}); the register is read again as soon as a registry change
 * is committed, every {@code liveguard.cluster.reference-interval} and at every rule change, and
 * published when it differs from what the brokers last acknowledged. A failed publication is
 * retried at the next round; until the brokers acknowledge it, the job keeps the previous data.
 */
public class ReferenceRelay implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ReferenceRelay.class);

  private final RegistrySellers sellers;
  private final RuleBook rules;
  private final ReferencePublisher publisher;
  private final InstantSource clock;
  private final Duration interval;
  private final Duration ackTimeout;
  private final Runnable createTopic;
  // what the brokers last acknowledged, per kind
  private final Map<String, String> acknowledged = new LinkedHashMap<>();
  private volatile PollingWorker worker;
  private volatile long published;

  ReferenceRelay(
      RegistrySellers sellers,
      RuleBook rules,
      ReferencePublisher publisher,
      InstantSource clock,
      Duration interval,
      Duration ackTimeout,
      Runnable createTopic) {
    this.sellers = sellers;
    this.rules = rules;
    this.publisher = publisher;
    this.clock = clock;
    this.interval = interval;
    this.ackTimeout = ackTimeout;
    this.createTopic = createTopic;
  }

  @EventListener
  void rulesChanged(RuleBook.RulesChanged e) {
    PollingWorker w = worker;
    if (w != null) {
      w.wake();
    }
  }

  /** A committed registry change: the register is read and published now, not at the interval. */
  @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
  void registryChanged(io.liveguard.platform.registry.Registry.Changed e) {
    PollingWorker w = worker;
    if (w != null) {
      w.wake();
    }
  }

  /** Records published and acknowledged since start. */
  public long published() {
    return published;
  }

  /**
   * Reads the register and the rule overlay now and publishes each kind that differs from what was
   * last acknowledged, waiting for the acknowledgements; returns how many records were published.
   */
  public synchronized int publishNow() throws Exception {
    sellers.reload();
    Map<String, ReferenceUpdate> now = new LinkedHashMap<>();
    // the rules first: a reader that sees the register has the overlay of the same moment too
    now.put(
        ReferenceData.RULES, new ReferenceUpdate(ReferenceData.RULES, rules.version(), overlay()));
    now.put(
        ReferenceData.SELLERS,
        new ReferenceUpdate(
            ReferenceData.SELLERS,
            clock.millis(),
            ReferenceData.sellersJson(sellers.shopsByBrand())));
    int n = 0;
    for (ReferenceUpdate u : now.values()) {
      if (u.data().equals(acknowledged.get(u.kind()))) {
        continue;
      }
      publisher.publish(u).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      acknowledged.put(u.kind(), u.data());
      log.info("published reference data \"{}\" version {}", u.kind(), u.version());
      n++;
    }
    published += n;
    return n;
  }

  /** The rule book's overlay, in the reference topic's form. */
  private String overlay() {
    // lexicon and model rules alike (the job's analyzers silence a disabled model rule)
    Set<String> disabled = new java.util.TreeSet<>(rules.disabled());
    Map<String, List<String>> terms = new LinkedHashMap<>();
    Map<String, List<String>> allow = new LinkedHashMap<>();
    for (Rule r : rules.base().rules()) {
      if (!rules.addedTerms(r.id()).isEmpty()) {
        terms.put(r.id(), rules.addedTerms(r.id()));
      }
      if (!rules.addedAllow(r.id()).isEmpty()) {
        allow.put(r.id(), rules.addedAllow(r.id()));
      }
    }
    return ReferenceData.rulesJson(rules.version(), disabled, terms, allow);
  }

  @Override
  public synchronized void start() {
    boolean[] topic = {false};
    worker =
        new PollingWorker(
            "cluster-reference-relay",
            interval,
            Duration.ofSeconds(1),
            "publishing reference data to Kafka failed",
            () -> {
              if (!topic[0]) {
                createTopic.run();
                topic[0] = true;
              }
              publishNow();
              // Nothing waits behind a publication: sleep until a rule change or the interval.
              return 0;
            });
    worker.start();
  }

  @Override
  public synchronized void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  @Override
  public boolean isRunning() {
    PollingWorker w = worker;
    return w != null && w.running();
  }
}
