package io.liveguard.bench.detect;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import io.liveguard.detect.Detector;
import io.liveguard.detect.lexicon.Lexicon;
import io.liveguard.detect.lexicon.Term;
import io.liveguard.detect.rule.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The text and the terms every detection benchmark uses, so that all contenders see the same input:
 * the rules' example sentences plus the benign corpus, shuffled with a fixed seed.
 */
final class BenchCorpus {

  static final Path BENIGN =
      Path.of(
          System.getProperty("liveguard.benign", "detect/src/test/resources/corpus/benign.txt"));

  private BenchCorpus() {}

  /**
   * Realistic live-commerce lines: rule examples and benign sentences, about {@code chars} long.
   */
  static List<String> lines(Detector detector, int chars) throws IOException {
    List<String> base = new ArrayList<>();
    for (Rule r : detector.catalogue().rules()) {
      r.matchExamples().forEach(e -> base.add(e.text()));
      r.noMatchExamples().forEach(e -> base.add(e.text()));
    }
    if (Files.exists(BENIGN)) {
      for (String line : Files.readAllLines(BENIGN)) {
        if (!line.isBlank()) {
          base.add(line);
        }
      }
    }
    List<String> out = new ArrayList<>();
    Random random = new Random(20261123L);
    int total = 0;
    while (total < chars) {
      List<String> copy = new ArrayList<>(base);
      Collections.shuffle(copy, random);
      for (String s : copy) {
        out.add(s);
        total += s.length();
        if (total >= chars) {
          break;
        }
      }
    }
    return out;
  }

  /** Every written form of every term that can fire a rule, as authors wrote them. */
  static List<String> terms(Detector detector) {
    Set<String> out = new LinkedHashSet<>();
    for (Rule r : detector.catalogue().rules()) {
      if (r.kind() != Rule.Kind.TERMS) {
        continue;
      }
      for (String name : r.lexicons()) {
        Lexicon lx = detector.catalogue().lexicons().get(name);
        for (Term t : lx.terms()) {
          out.addAll(t.forms());
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * houbb/sensitive-word loaded with the catalogue's term forms and allow-phrases, every
   * normalization it offers switched on, its built-in checks for numbers, e-mail, URLs and IPs off.
   */
  static SensitiveWordBs sensitiveWord(Detector detector) {
    List<String> terms = terms(detector);
    List<String> allow = allowPhrases(detector);
    return SensitiveWordBs.newInstance()
        .wordDeny(() -> terms)
        .wordAllow(() -> allow)
        .ignoreCase(true)
        .ignoreWidth(true)
        .ignoreNumStyle(true)
        .ignoreChineseStyle(true)
        .ignoreEnglishStyle(true)
        .ignoreRepeat(true)
        .enableNumCheck(false)
        .enableEmailCheck(false)
        .enableUrlCheck(false)
        .enableIpv4Check(false)
        .init();
  }

  /** Every allow-phrase, for peers that support an allow list. */
  static List<String> allowPhrases(Detector detector) {
    Set<String> out = new LinkedHashSet<>();
    for (Rule r : detector.catalogue().rules()) {
      for (String name : r.allow()) {
        detector.catalogue().lexicons().get(name).terms().forEach(t -> out.addAll(t.forms()));
      }
    }
    return new ArrayList<>(out);
  }
}
