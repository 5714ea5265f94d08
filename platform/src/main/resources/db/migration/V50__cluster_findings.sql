-- Cluster mode (liveguard.analysis=cluster): every finding read from the findings topic, under its
-- deterministic id, so a redelivery or a replay of the topic never makes a second finding or lead.
-- finding_id links to the stored finding; null when the finding cites events this platform never
-- stored (published to Kafka by another producer) or repeats a finding already stored.
CREATE TABLE cluster_finding (
  id          VARCHAR(64)  PRIMARY KEY,
  room        VARCHAR(200) NOT NULL,
  session     VARCHAR(128) NOT NULL,
  events      VARCHAR(10000) NOT NULL,
  body        VARCHAR(100000) NOT NULL,
  finding_id  BIGINT       REFERENCES finding (id),
  note        VARCHAR(200),
  received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
