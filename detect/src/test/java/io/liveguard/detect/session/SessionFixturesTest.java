package io.liveguard.detect.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.counterfeit.AuthorisedSellers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every session fixture ({@code sessions/*.jsonl}) through the session models and compares
 * the findings with {@code *.expected}: one line per finding, {@code RULE TERM event,event…},
 * sorted.
 */
class SessionFixturesTest {

  private static final Path DIR = Path.of("src/test/resources/sessions");

  @TestFactory
  Stream<DynamicTest> everyFixtureRaisesExactlyTheExpectedFindings() throws IOException {
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(DIR)) {
      fixtures = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(10);
    return fixtures.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(),
                    () -> {
                      String name = p.getFileName().toString().replace(".jsonl", "");
                      TestModels.Fixture f = TestModels.read("/sessions/" + name + ".jsonl");
                      List<String> actual = new ArrayList<>();
                      for (SessionFinding sf :
                          TestModels.run(
                              TestModels.analyzer(AuthorisedSellers.UNKNOWN), f.events())) {
                        actual.add(
                            sf.finding().rule()
                                + " "
                                + sf.finding().term()
                                + " "
                                + String.join(",", sf.events()));
                      }
                      actual.sort(null);
                      List<String> expected =
                          Files.readAllLines(DIR.resolve(name + ".expected")).stream()
                              .filter(l -> !l.isBlank() && !l.startsWith("#"))
                              .toList();
                      assertThat(actual).as(name).containsExactlyElementsOf(expected);
                    }));
  }
}
