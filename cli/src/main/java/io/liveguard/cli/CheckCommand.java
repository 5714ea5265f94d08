package io.liveguard.cli;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.detect.Provision;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code liveguard check}: checks each line of a UTF-8 file or standard input and prints one JSON
 * object per line ({@code jsonl}) or a readable report ({@code text}).
 */
final class CheckCommand {

  /** Longest line accepted, in characters. */
  static final int MAX_LINE_CHARS = 100_000;

  static final String USAGE =
      "usage: liveguard check [--channel speech|script|screen|listing|chat] [--category CAT]"
          + " [--format jsonl|text] [--date YYYY-MM-DD] [--rules DIR] [FILE]";

  private CheckCommand() {}

  static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err) {
    try {
      Args args =
          Args.parse(
              argv, Set.of("channel", "category", "format", "date", "rules"), Set.of("help"));
      if (args.has("help")) {
        out.println(USAGE);
        return ExitCode.OK;
      }
      Channel channel;
      try {
        channel = Channel.parse(args.get("channel", "speech"));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      String format = args.get("format", "jsonl");
      if (!format.equals("jsonl") && !format.equals("text")) {
        throw new UsageException("unknown format \"" + format + "\" (expected jsonl or text)");
      }
      if (args.positional().size() > 1) {
        throw new UsageException("check takes at most one FILE; " + USAGE);
      }
      Detector detector = DetectorOptions.detector(args);
      CheckOptions options =
          new CheckOptions(
              channel, DetectorOptions.product(args, detector), DetectorOptions.date(args));
      String file = args.positional().isEmpty() ? "-" : args.positional().get(0);
      try (InputStream in = file.equals("-") ? stdin : open(file)) {
        LineReader reader = new LineReader(in, file.equals("-") ? "<stdin>" : file, MAX_LINE_CHARS);
        StringBuilder b = new StringBuilder(512);
        for (String line; (line = reader.next()) != null; ) {
          List<Finding> findings = detector.check(line, options);
          b.setLength(0);
          if (format.equals("jsonl")) {
            jsonLine(b, reader.lineNumber(), line, findings);
          } else {
            textLine(b, reader.lineNumber(), line, findings);
          }
          out.append(b);
        }
      }
      out.flush();
      return ExitCode.OK;
    } catch (UsageException e) {
      out.flush();
      err.println("liveguard check: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException e) {
      out.flush();
      err.println("liveguard check: " + e.getMessage());
      return ExitCode.USAGE;
    }
  }

  private static InputStream open(String file) throws UsageException, IOException {
    Path p = Path.of(file);
    if (Files.isDirectory(p)) {
      throw new UsageException(file + ": is a directory, not a text file");
    }
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    }
  }

  static void jsonLine(StringBuilder b, int number, String line, List<Finding> findings) {
    b.append("{\"line\":").append(number).append(",\"text\":");
    FindingJson.string(b, line);
    b.append(",\"findings\":[");
    for (int i = 0; i < findings.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      FindingJson.write(b, findings.get(i));
    }
    b.append("]}\n");
  }

  static void textLine(StringBuilder b, int number, String line, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    b.append(number).append(": ").append(Text.visible(line)).append('\n');
    for (Finding f : findings) {
      b.append("    [").append(f.severity().zh()).append("] ").append(f.rule());
      b.append(" 「").append(Text.visible(f.matched())).append("」 [");
      b.append(f.begin()).append(',').append(f.end()).append(") ");
      for (Provision p : f.provisions()) {
        b.append(p.citation()).append(' ');
      }
      if (!f.rewrite().isEmpty()) {
        b.append("→ 「").append(f.rewrite()).append("」 ");
      }
      b.append(f.suggestion()).append('\n');
    }
  }
}
