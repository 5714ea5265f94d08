package io.liveguard.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Entry point of the {@code liveguard} command: dispatches to one subcommand per verb. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = run(args, out, err);
    } catch (RuntimeException | Error e) {
      out.flush();
      err.println("liveguard: internal error: " + e);
      code = ExitCode.INTERNAL;
    }
    out.flush();
    System.exit(code);
  }

  /** Runs one command line and returns the process exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** Runs one command line reading standard input from {@code in}. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.print(USAGE);
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "check":
        return CheckCommand.run(rest, in, out, err);
      case "precheck":
        return PrecheckCommand.run(rest, in, out, err);
      case "replay":
        return ReplayCommand.run(rest, in, out, err);
      case "evidence":
        return EvidenceCommand.run(rest, out, err);
      case "scan-media":
        return ScanMediaCommand.run(rest, in, out, err);
      default:
        err.println("liveguard: unknown command \"" + args[0] + "\"; run \"liveguard help\"");
        return ExitCode.USAGE;
    }
  }

  static final String USAGE =
      """
      liveguard — 直播电商数字治理平台 (LiveGuard)

      usage: liveguard COMMAND [OPTIONS]

      commands:
        check      check lines of text against the rule catalogue
        precheck   pre-check a live script and print a compliant rewrite
        replay     replay events (JSONL) through the session analyzer and print findings
        evidence   fix files as tamper-evident evidence and verify packages offline
                   (evidence seal --out PKG.zip FILE…; evidence verify PKG.zip)
        scan-media watch a stream URL or read a media file: speech and screen text → findings
        help       this text
      """;
}
