package io.liveguard.stream.topic;

/**
 * The Kafka topics of a LiveGuard cluster deployment and the schema versions of their values.
 *
 * <p>Every record is keyed by room ({@code platform/room}, see {@link EventRecord#key()}), so all
 * events of one room land in one partition, in order, and the findings of a room follow the same
 * partitioning. A schema change that old readers cannot read gets a new topic suffix and a new
 * {@value #SCHEMA_HEADER} value; readers reject versions they do not know instead of guessing.
 */
public final class Topics {

  /** Events in: the JSON objects of the ingest API, one per record. */
  public static final String EVENTS = "liveguard.events.v1";

  /** Findings out: one JSON object per finding, written exactly once per checkpoint. */
  public static final String FINDINGS = "liveguard.findings.v1";

  /** Records of the events topic that could not be read, with the reason and the original bytes. */
  public static final String REJECTED = "liveguard.events.rejected.v1";

  /**
   * Reference data in: the platform's registry data and rule overlay, one record per kind (the
   * key), on a compacted topic; the job holds the latest of each kind as broadcast state.
   */
  public static final String REFERENCE = "liveguard.reference.v1";

  /** The record header that names the schema of a value; absent means the topic's version. */
  public static final String SCHEMA_HEADER = "liveguard-schema";

  /** Schema of an event value. */
  public static final String EVENT_SCHEMA = "liveguard.event.v1";

  /** Schema of a finding value. */
  public static final String FINDING_SCHEMA = "liveguard.finding.v1";

  /** Schema of a rejection value. */
  public static final String REJECTED_SCHEMA = "liveguard.rejected.v1";

  /** Schema of a reference value. */
  public static final String REFERENCE_SCHEMA = "liveguard.reference.v1";

  private Topics() {}
}
