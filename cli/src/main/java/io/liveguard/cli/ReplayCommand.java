package io.liveguard.cli;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code liveguard replay}: reads events as JSONL (the ingest format, docs/events.md) from a file
 * or standard input, runs the session analyzer and prints each finding as one JSON object per line:
 * the shape of {@code liveguard check} plus {@code "events":[ids…]}. A malformed line is reported
 * on standard error with its number and skipped; the exit code is then 2.
 */
final class ReplayCommand {

  static final String USAGE =
      "usage: liveguard replay [--rules DIR] [--no-lexicon] [--lateness SECONDS] [FILE]"
          + "   (events as JSONL; - or no FILE reads standard input; events up to --lateness"
          + " seconds late, default 300, are analyzed in time order)";

  private ReplayCommand() {}

  static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err) {
    try {
      Args args = Args.parse(argv, Set.of("rules", "lateness"), Set.of("help", "no-lexicon"));
      if (args.has("help")) {
        out.println(USAGE);
        return ExitCode.OK;
      }
      if (args.positional().size() > 1) {
        throw new UsageException("replay takes at most one FILE; " + USAGE);
      }
      SessionAnalyzer analyzer = analyzer(args).lateness(lateness(args));
      String file = args.positional().isEmpty() ? "-" : args.positional().get(0);
      String name = file.equals("-") ? "<stdin>" : file;
      int rejected = 0;
      try (InputStream in = file.equals("-") ? stdin : open(file)) {
        LineReader reader = new LineReader(in, name, EventJson.MAX_LINE_CHARS);
        StringBuilder b = new StringBuilder(1024);
        for (String line; (line = reader.next()) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          Event event;
          try {
            event = EventJson.parse(line);
          } catch (EventFormatException e) {
            rejected++;
            err.println(
                "liveguard replay: "
                    + name
                    + ": line "
                    + reader.lineNumber()
                    + ": "
                    + e.getMessage());
            continue;
          }
          b.setLength(0);
          for (SessionFinding f : analyzer.accept(event)) {
            f.write(b);
            b.append('\n');
          }
          out.append(b);
        }
        b.setLength(0);
        for (SessionFinding f : analyzer.flush()) {
          f.write(b);
          b.append('\n');
        }
        out.append(b);
      }
      out.flush();
      if (rejected > 0) {
        err.println(
            "liveguard replay: "
                + rejected
                + " malformed line(s) skipped; fix them and replay again (see docs/events.md)");
        return ExitCode.USAGE;
      }
      return ExitCode.OK;
    } catch (UsageException | IOException e) {
      out.flush();
      err.println("liveguard replay: " + e.getMessage());
      return ExitCode.USAGE;
    }
  }

  private static Duration lateness(Args args) throws UsageException {
    String s = args.get("lateness", "300");
    try {
      long seconds = Long.parseLong(s);
      if (seconds >= 0 && seconds <= 7 * 24 * 3600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--lateness \"" + s + "\" is not a number of seconds between 0 and 604800");
  }

  private static SessionAnalyzer analyzer(Args args) throws UsageException {
    String rules = args.get("rules", null);
    boolean lexicon = !args.has("no-lexicon");
    try {
      CatalogueFiles files =
          rules == null ? CatalogueFiles.bundled() : CatalogueFiles.readRules(Path.of(rules));
      Catalogue catalogue = rules == null ? Detector.bundled().catalogue() : Catalogue.load(files);
      Taxonomy taxonomy = Taxonomy.bundled();
      ModelRules models =
          ModelRules.load(files, catalogue, SessionAnalyzer.requiredRules(taxonomy));
      Detector detector =
          !lexicon ? null : rules == null ? Detector.bundled() : Detector.of(catalogue);
      return new SessionAnalyzer(
          detector,
          models,
          taxonomy,
          new CounterfeitModel(catalogue.brands(), AuthorisedSellers.UNKNOWN));
    } catch (IOException e) {
      throw new UsageException("cannot read rule directory " + rules + ": " + e.getMessage(), e);
    } catch (CatalogueException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static InputStream open(String file) throws UsageException, IOException {
    Path p = Path.of(file);
    if (Files.isDirectory(p)) {
      throw new UsageException(file + ": is a directory, not a JSONL file");
    }
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    }
  }
}
