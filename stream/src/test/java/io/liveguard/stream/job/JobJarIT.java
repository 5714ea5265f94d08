package io.liveguard.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar that {@code package} builds carries what a Flink cluster lacks, and no more.
 */
class JobJarIT {

  @Test
  void carriesTheJobDetectAndTheKafkaConnectorButNotFlinkItself() throws Exception {
    Path jar = Path.of("target", "liveguard-stream-job.jar");
    assertThat(jar).exists();
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.liveguard.stream.job.Main");
      Set<String> names = j.stream().map(e -> e.getName()).collect(Collectors.toSet());
      assertThat(names)
          .contains(
              "io/liveguard/stream/job/RoomAnalysisJob.class",
              "io/liveguard/detect/Detector.class",
              "org/apache/flink/connector/kafka/source/KafkaSource.class",
              "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
              "org/apache/kafka/clients/producer/KafkaProducer.class",
              "tools/jackson/databind/ObjectMapper.class");
      assertThat(names)
          .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
          .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
          .noneMatch(n -> n.startsWith("org/apache/flink/api/common/"))
          .noneMatch(n -> n.startsWith("kafka/server/"))
          .noneMatch(n -> n.startsWith("org/junit/"))
          .noneMatch(n -> n.startsWith("org/slf4j/"));
      assertThat(names.stream().anyMatch(n -> n.startsWith("io/liveguard/detect/rules/")))
          .as("the bundled rule catalogue")
          .isTrue();
    }
    assertThat(Files.size(jar)).isLessThan(64L * 1024 * 1024);
  }
}
