package io.liveguard.bench.detect;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Precision and recall side by side: on the evasion corpus (each line must be caught) and the
 * benign corpus (no line may be flagged), LiveGuard against houbb/sensitive-word loaded with the
 * same terms and allow-phrases. Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.liveguard.bench.detect.EvasionComparison}
 */
public final class EvasionComparison {

  private EvasionComparison() {}

  public static void main(String[] args) throws IOException {
    Path corpus = Path.of(args.length > 0 ? args[0] : "detect/src/test/resources/corpus");
    Detector detector = Detector.bundled();
    CheckOptions options = new CheckOptions(Channel.SPEECH, null, LocalDate.of(2026, 11, 23));
    SensitiveWordBs peer = BenchCorpus.sensitiveWord(detector);
    int evasions = 0;
    int oursCaught = 0;
    int peerCaught = 0;
    for (String line : Files.readAllLines(corpus.resolve("evasion.tsv"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String text = line.split("\t")[0];
      String rule = line.split("\t")[1].strip();
      evasions++;
      if (detector.check(text, options).stream().anyMatch(f -> f.rule().equals(rule))) {
        oursCaught++;
      }
      if (peer.contains(text)) {
        peerCaught++;
      }
    }
    int benign = 0;
    int oursFlagged = 0;
    int peerFlagged = 0;
    for (String line : Files.readAllLines(corpus.resolve("benign.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      benign++;
      if (!detector.check(line, options).isEmpty()) {
        oursFlagged++;
      }
      if (peer.contains(line)) {
        peerFlagged++;
      }
    }
    System.out.println("| corpus | lines | LiveGuard | sensitive-word 0.25.0 |");
    System.out.println("|---|---|---|---|");
    System.out.printf(
        "| evasions caught (recall) | %d | %d (%.1f%%) | %d (%.1f%%) |%n",
        evasions,
        oursCaught,
        100.0 * oursCaught / evasions,
        peerCaught,
        100.0 * peerCaught / evasions);
    System.out.printf(
        "| benign lines flagged (false positives) | %d | %d (%.1f%%) | %d (%.1f%%) |%n",
        benign,
        oursFlagged,
        100.0 * oursFlagged / benign,
        peerFlagged,
        100.0 * peerFlagged / benign);
  }
}
