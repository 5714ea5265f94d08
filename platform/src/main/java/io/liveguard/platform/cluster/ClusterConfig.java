package io.liveguard.platform.cluster;

import io.liveguard.platform.ingest.IngestBacklog;
import io.liveguard.platform.lead.LeadIntake;
import io.liveguard.platform.registry.Registry;
import io.liveguard.platform.registry.RegistrySellers;
import io.liveguard.platform.rules.RuleBook;
import io.liveguard.stream.client.EventPublisher;
import io.liveguard.stream.client.FindingsSubscriber;
import io.liveguard.stream.client.ReferencePublisher;
import java.time.InstantSource;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analysis mode switch. Always: {@link ClusterSettings} (checked at start-up). In cluster mode
 * ({@code liveguard.analysis=cluster}; the in-process {@code LiveAnalysis} is then off): the {@link
 * EventRelay} that publishes stored events to Kafka, the {@link ReferenceRelay} that publishes the
 * registry's authorised sellers and the rule overlay, and the {@link FindingIntake} that brings the
 * Flink job's findings into leads and evidence.
 */
@Configuration
class ClusterConfig {

  @Bean
  ClusterSettings clusterSettings(Environment env) {
    return ClusterSettings.from(env);
  }

  @Configuration
  @ConditionalOnProperty(name = "liveguard.analysis", havingValue = ClusterSettings.CLUSTER)
  static class ClusterMode {

    @Bean(destroyMethod = "close")
    EventPublisher eventPublisher(ClusterSettings s) {
      return new EventPublisher(
          s.bootstrapServers(), s.eventsTopic(), Map.of("client.id", "liveguard-platform-relay"));
    }

    @Bean
    EventRelay eventRelay(
        JdbcClient jdbc,
        TransactionTemplate tx,
        Registry registry,
        EventPublisher publisher,
        IngestBacklog backlog,
        ClusterSettings s) {
      return new EventRelay(jdbc, tx, registry, publisher, backlog, s.ackTimeout());
    }

    @Bean(destroyMethod = "close")
    ReferencePublisher referencePublisher(ClusterSettings s) {
      return new ReferencePublisher(
          s.bootstrapServers(),
          s.referenceTopic(),
          Map.of("client.id", "liveguard-platform-reference"));
    }

    @Bean
    ReferenceRelay referenceRelay(
        RegistrySellers sellers,
        RuleBook rules,
        ReferencePublisher publisher,
        InstantSource clock,
        ClusterSettings s) {
      return new ReferenceRelay(
          sellers,
          rules,
          publisher,
          clock,
          s.referenceInterval(),
          s.ackTimeout(),
          () -> {
            try {
              ReferencePublisher.createTopic(s.bootstrapServers(), s.referenceTopic(), Map.of());
            } catch (Exception e) {
              throw new IllegalStateException(
                  "cannot create the reference topic " + s.referenceTopic() + ": " + e, e);
            }
          });
    }

    @Bean
    FindingIntake findingIntake(
        JdbcClient jdbc,
        TransactionTemplate tx,
        LeadIntake intake,
        InstantSource clock,
        ClusterSettings s) {
      return new FindingIntake(
          jdbc,
          tx,
          intake,
          clock,
          () ->
              new FindingsSubscriber(
                  s.bootstrapServers(),
                  s.findingsTopic(),
                  s.groupId(),
                  Map.of("client.id", "liveguard-platform-findings")));
    }
  }
}
