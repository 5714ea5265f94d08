#!/usr/bin/env bash
# Sustained ingest at a paced rate on PostgreSQL, after a warm-up (docs/benchmarks.md,
# "Sustained 10,000 events/s"). Starts the platform jar on a fresh database, offers 60,000 warm-up
# events, waits until their evidence is sealed, then offers 150,000 events at RATE events/s and
# reports the arrival-to-lead latency of the measured events only (percentiles over the database).
# Usage: scripts/bench-sustained.sh [JAR] [RATE]   (defaults: platform/target/liveguard-platform.jar 10000)
set -euo pipefail
jar="${1:-platform/target/liveguard-platform.jar}"
rate="${2:-10000}"
db=liveguard_sustained
port=18081
token=bench-token-0123456789abcdef
data="$(mktemp -d)"
PGOPTIONS="--client-min-messages=warning" psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
LIVEGUARD_BOOTSTRAP_TOKEN=$token \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?reWriteBatchedInserts=true" \
  SPRING_DATASOURCE_USERNAME=postgres \
  java -jar "$jar" serve --port $port --data "$data/data" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:$port/actuator/health >/dev/null && break; sleep 1; done
load=(java -jar "$jar" load --url http://127.0.0.1:$port --token $token --concurrency 4 --rate "$rate")
sealed() {
  for i in $(seq 1 120); do
    p=$(curl -s -H "Authorization: Bearer $token" http://127.0.0.1:$port/api/v1/stats/pipeline |
      grep -o '"evidencePending":[0-9]*' | cut -d: -f2)
    [[ "$p" == "0" ]] && { echo "$i"; return; }
    sleep 1
  done
  echo "over 120"
}
"${load[@]}" --events 60000 --rooms 600 --prefix warm >/dev/null
sealed >/dev/null
seq0=$(psql -h 127.0.0.1 -U postgres -d $db -tAc "SELECT COALESCE(MAX(seq), 0) FROM event")
echo "warm-up done; load average $(cut -d' ' -f1 /proc/loadavg) at $(date -u +%H:%M:%S) UTC"
"${load[@]}" --events 150000 --rooms 1500 --prefix meas | head -2
psql -h 127.0.0.1 -U postgres -d $db -tAc "SELECT count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY ms),
  percentile_disc(0.95) WITHIN GROUP (ORDER BY ms), max(ms) FROM (SELECT extract(epoch FROM
  v.created_at - e.received_at) * 1000 AS ms FROM evidence v JOIN finding f ON f.id = v.finding_id
  JOIN event e ON e.seq = f.event_seq WHERE e.seq > $seq0) t" |
  awk -F'|' '{printf "measured findings %s: arrival to lead p50 %.0f ms, p95 %.0f ms, max %.0f ms\n", $1, $2, $3, $4}'
echo "evidence of the measured load sealed $(sealed) s after it ended"
