package io.liveguard.cli;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.detect.Provision;
import io.liveguard.detect.precheck.ScriptPrecheck;
import io.liveguard.detect.rule.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code liveguard precheck}: pre-checks a whole live script and prints every finding (line and
 * column in the script) and the compliant rewrite.
 */
final class PrecheckCommand {

  static final String USAGE =
      "usage: liveguard precheck [--category CAT] [--format text|json] [--date YYYY-MM-DD]"
          + " [--rules DIR] FILE";

  private PrecheckCommand() {}

  static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err) {
    try {
      Args args = Args.parse(argv, Set.of("category", "format", "date", "rules"), Set.of("help"));
      if (args.has("help")) {
        out.println(USAGE);
        return ExitCode.OK;
      }
      String format = args.get("format", "text");
      if (!format.equals("text") && !format.equals("json")) {
        throw new UsageException("unknown format \"" + format + "\" (expected text or json)");
      }
      if (args.positional().size() != 1) {
        throw new UsageException("precheck takes one FILE (\"-\" for standard input); " + USAGE);
      }
      Detector detector = DetectorOptions.detector(args);
      String product = DetectorOptions.product(args, detector);
      String file = args.positional().get(0);
      String script = read(file, stdin);
      ScriptPrecheck.Result result;
      try {
        result = new ScriptPrecheck(detector).run(script, product, DetectorOptions.date(args));
      } catch (IllegalArgumentException e) {
        throw new UsageException(file + ": " + e.getMessage());
      }
      out.print(format.equals("json") ? json(result) : text(script, result, detector));
      out.flush();
      return ExitCode.OK;
    } catch (UsageException | IOException e) {
      err.println("liveguard precheck: " + e.getMessage());
      return ExitCode.USAGE;
    }
  }

  private static String read(String file, InputStream stdin) throws IOException, UsageException {
    long limit = ScriptPrecheck.MAX_SCRIPT_LENGTH * 4L + 3;
    byte[] bytes;
    if (file.equals("-")) {
      bytes = stdin.readNBytes((int) limit + 1);
    } else {
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        throw new UsageException(file + ": is a directory, not a script file");
      }
      try (InputStream in = Files.newInputStream(p)) {
        bytes = in.readNBytes((int) limit + 1);
      } catch (NoSuchFileException e) {
        throw new UsageException(file + ": no such file");
      }
    }
    if (bytes.length > limit) {
      throw new UsageException(
          file
              + ": script longer than the limit of "
              + ScriptPrecheck.MAX_SCRIPT_LENGTH
              + " characters");
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new UsageException(file + ": not valid UTF-8 (convert the file to UTF-8 first)");
    }
  }

  private static String json(ScriptPrecheck.Result r) {
    StringBuilder b = new StringBuilder();
    b.append("{\"findings\":[");
    for (int i = 0; i < r.findings().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      FindingJson.write(b, r.findings().get(i));
    }
    b.append("],\"rewritten\":");
    FindingJson.string(b, r.rewritten());
    b.append(",\"clean\":").append(r.clean());
    b.append(",\"remaining\":[");
    for (int i = 0; i < r.remaining().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      FindingJson.write(b, r.remaining().get(i));
    }
    return b.append("]}\n").toString();
  }

  private static String text(String script, ScriptPrecheck.Result r, Detector detector) {
    StringBuilder b = new StringBuilder();
    if (r.findings().isEmpty()) {
      b.append("未发现风险。\n");
    } else {
      b.append("发现 ").append(r.findings().size()).append(" 处风险：\n");
    }
    int n = 0;
    for (Finding f : r.findings()) {
      Rule rule = detector.catalogue().rule(f.rule());
      int[] lc = lineColumn(script, f.begin());
      b.append(++n).append(". [").append(f.severity().zh()).append("] ");
      if (f.begin() == f.end()) {
        b.append("全文 ");
      } else {
        b.append("第").append(lc[0]).append("行第").append(lc[1]).append("字 ");
        b.append("「").append(Text.visible(f.matched())).append("」 ");
      }
      b.append(rule.nameZh()).append("（").append(f.rule()).append("）\n   依据：");
      for (Provision p : f.provisions()) {
        b.append(p.citation()).append(' ');
      }
      b.append("\n   建议：").append(f.suggestion());
      if (f.begin() == f.end()) {
        b.append("（补充：「").append(f.rewrite()).append("」）");
      } else if (!f.rewrite().isEmpty()) {
        b.append("（改为「").append(f.rewrite()).append("」）");
      } else {
        b.append("（删除）");
      }
      b.append('\n');
    }
    b.append("\n改写后脚本：\n").append(Text.visible(r.rewritten()).replace("\\u000a", "\n"));
    if (!r.rewritten().endsWith("\n")) {
      b.append('\n');
    }
    if (!r.clean()) {
      b.append("\n仍需人工修改 ").append(r.remaining().size()).append(" 处：\n");
      for (Finding f : r.remaining()) {
        b.append("  「")
            .append(Text.visible(f.matched()))
            .append("」 ")
            .append(f.rule())
            .append('\n');
      }
    }
    return b.toString();
  }

  /** 1-based line and column (in characters) of {@code offset}. */
  static int[] lineColumn(String s, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
