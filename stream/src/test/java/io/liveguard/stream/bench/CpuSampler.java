package io.liveguard.stream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's threads while a job runs, by what the thread does (Flink task threads, the
 * Kafka source's fetcher, producers, the broker …), sampled every 100 ms so that threads that end
 * with the job are counted too (their last sample; at most 100 ms of each is missed). The benchmark
 * uses it to show where the cores go at parallelism 1, i.e. how much of the machine is left for a
 * second subtask.
 */
final class CpuSampler implements AutoCloseable {

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> first = new HashMap<>();
  private final Map<Long, Long> last = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  // per thread: first and last time seen (ns), waited and blocked time at first and last sight (ms)
  private final Map<Long, long[]> seen = new HashMap<>();
  private final Thread sampler;
  private final long t0 = System.nanoTime();
  private final long process0 = processCpu();
  private long process;
  private volatile boolean running = true;
  private long wall;

  CpuSampler() {
    if (mx.isThreadContentionMonitoringSupported()) {
      mx.setThreadContentionMonitoringEnabled(true);
    }
    sample();
    first.putAll(last);
    last.clear();
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private synchronized void sample() {
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = mx.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        last.put(info.getThreadId(), cpu);
        names.putIfAbsent(info.getThreadId(), info.getThreadName());
        long now = System.nanoTime();
        long[] t =
            seen.computeIfAbsent(
                info.getThreadId(),
                k -> new long[] {now, now, info.getWaitedTime(), info.getBlockedTime(), 0, 0, cpu});
        t[1] = now;
        t[4] = info.getWaitedTime();
        t[5] = info.getBlockedTime();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
    sample();
    wall = System.nanoTime() - t0;
    process = processCpu() - process0;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Cores used on average over the run, by kind of thread, and in total ("all"). */
  synchronized Map<String, Double> cores() {
    Map<String, Double> out = new LinkedHashMap<>();
    double total = 0;
    for (Map.Entry<Long, Long> e : last.entrySet()) {
      long used = e.getValue() - first.getOrDefault(e.getKey(), 0L);
      if (used <= 0) {
        continue;
      }
      double c = used / (double) wall;
      out.merge(kind(names.get(e.getKey())), c, Double::sum);
      total += c;
    }
    out.put("all", total);
    // the whole process, GC and JIT threads included
    out.put("process", process / (double) wall);
    return out;
  }

  /**
   * Where the threads of one kind spent their lifetime during the run: on a core, waiting (for
   * input, a timer, a lock's condition), blocked on a monitor, and the rest — runnable but not on a
   * core (the machine's other work had it) or in native I/O.
   */
  synchronized String timeOf(String kind) {
    double life = 0, cpu = 0, waited = 0, blocked = 0;
    for (Map.Entry<Long, long[]> e : seen.entrySet()) {
      if (!kind(names.get(e.getKey())).equals(kind)) {
        continue;
      }
      long[] t = e.getValue();
      long lifeNs = t[1] - t[0];
      if (lifeNs <= 0) {
        continue;
      }
      life += lifeNs;
      cpu += last.get(e.getKey()) - t[6];
      waited += Math.max(0, t[4] - t[2]) * 1e6;
      blocked += Math.max(0, t[5] - t[3]) * 1e6;
    }
    if (life == 0) {
      return kind + ": no thread";
    }
    return String.format(
        Locale.ROOT,
        "%s: on a core %.0f %%, waiting %.0f %%, blocked %.0f %%, runnable without a core (or in"
            + " I/O) %.0f %%",
        kind,
        100 * cpu / life,
        100 * waited / life,
        100 * blocked / life,
        100 * Math.max(0, life - cpu - waited - blocked) / life);
  }

  /** One line: {@code all 1.93 | source task 0.61 | analysis task 0.74 …}, largest first. */
  String summary() {
    Map<String, Double> c = cores();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "process %.2f cores (java threads %.2f)",
                c.remove("process"),
                c.remove("all")));
    c.entrySet().stream()
        .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
        .filter(e -> e.getValue() >= 0.01)
        .forEach(e -> b.append(String.format(Locale.ROOT, " | %s %.2f", e.getKey(), e.getValue())));
    return b.toString();
  }

  static String kind(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("source data fetcher")) {
      return "kafka source fetcher";
    }
    if (n.startsWith("source: events")) {
      return "source task (parse, split)";
    }
    if (n.startsWith("room analysis")) {
      return "analysis task (+ findings sink)";
    }
    if (n.startsWith("kafka-producer-network-thread")) {
      return "sink producers";
    }
    if (n.contains("kafka")
        || n.contains("raft")
        || n.contains("broker")
        || n.contains("controller")
        || n.contains("log-cleaner")
        || n.contains("executor-")
        || n.contains("data-plane")
        || n.contains("socket-server")
        || n.contains("quorum")) {
      return "kafka broker";
    }
    if (n.startsWith("bench-") || n.equals("main")) {
      return "benchmark";
    }
    return "other (flink runtime, gc, jit)";
  }
}
