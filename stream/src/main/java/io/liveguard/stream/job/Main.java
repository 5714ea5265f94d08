package io.liveguard.stream.job;

import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar: {@code flink run target/liveguard-stream-job.jar --bootstrap-servers
 * kafka:9092 [options]}. See {@code docs/stream.md}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings;
    try {
      settings = JobSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("liveguard-stream: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    RoomAnalysisJob.checkpoint(env, settings);
    RoomAnalysisJob.build(
        env,
        RoomAnalysisJob.kafkaSource(settings, null),
        settings.reference() ? RoomAnalysisJob.referenceSource(settings, null) : null,
        RoomAnalysisJob.findingsSink(settings),
        RoomAnalysisJob.rejectedSink(settings),
        new SessionRoomAnalyzer(),
        settings);
    env.execute("LiveGuard room analysis");
  }
}
