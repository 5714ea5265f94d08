package io.liveguard.cli;

import io.liveguard.evidence.EvidenceDraft;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.SealedEvidence;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.NoteFormatException;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.pkg.CustodyEvent;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.evidence.pkg.TrustPolicy;
import io.liveguard.evidence.timestamp.HttpTimestampClient;
import io.liveguard.evidence.verify.Check;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code liveguard evidence …}: seal files as one piece of evidence into a package, verify a
 * package offline, print the trust policy, record custody events.
 */
final class EvidenceCommand {

  static final String USAGE =
      """
      usage:
        liveguard evidence seal --out PKG.zip [--data DIR] [--subject key=value …]
                                [--rule ID] [--excerpt TEXT] [--detected-at TIME]
                                [--collector NAME] [--node ID]
                                [--tsa URL --tsa-cert PEM] FILE…
            固定文件为一份证据并导出证据包（默认数据目录 ./data，首次使用时创建日志与密钥）。
            未指定 --tsa 时不联网，使用数据目录中的本地时间戳服务，报告中会注明。
        liveguard evidence verify [--trust trust.json] PKG.zip
            离线验证证据包，逐项输出 PASS/FAIL；全部通过时退出码为 0。
            请用 --trust 提供独立获得的信任策略；否则只以包内自带的公钥验证。
        liveguard evidence trust [--data DIR] [--out FILE]
            输出本日志的信任策略（公钥、时间戳证书），供验证方独立保存。
        liveguard evidence custody [--data DIR] --action ACTION --actor NAME [--note TEXT] ID
            记录保管事件（viewed, handed_over, legal_hold, deleted）。
        liveguard evidence export [--data DIR] --out PKG.zip [--actor NAME] ID
            重新导出已固定的证据（含此前的全部保管记录），导出本身也记入日志。
      """;

  private EvidenceCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    try {
      return switch (args[0]) {
        case "seal" -> seal(parse(args), out, err);
        case "verify" -> verify(parse(args), out, err);
        case "trust" -> trust(parse(args), out);
        case "custody" -> custody(parse(args), out);
        case "export" -> export(parse(args), out);
        default -> {
          err.println("liveguard evidence: 未知的子命令 \"" + args[0] + "\"");
          err.print(USAGE);
          yield ExitCode.USAGE;
        }
      };
    } catch (UsageException e) {
      err.println("liveguard evidence " + args[0] + ": " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException e) {
      err.println("liveguard evidence " + args[0] + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
  }

  /** Parsed options: repeated {@code --subject key=value …} pairs, other options, positionals. */
  record Args(Map<String, String> options, Map<String, String> subject, List<String> files) {}

  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static final List<String> VALUED =
      List.of(
          "--out",
          "--data",
          "--rule",
          "--excerpt",
          "--detected-at",
          "--collector",
          "--node",
          "--tsa",
          "--tsa-cert",
          "--trust",
          "--action",
          "--actor",
          "--note");

  static Args parse(String[] args) throws UsageException {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, String> subject = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--subject")) {
        int taken = 0;
        while (i + 1 < args.length && isPair(args[i + 1])) {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          subject.put(kv.substring(0, eq), kv.substring(eq + 1));
          taken++;
        }
        if (taken == 0) {
          throw new UsageException(
              "--subject 后面需要 key=value（例如 --subject platform=douyin room=123）");
        }
      } else if (a.startsWith("--")
          && a.contains("=")
          && VALUED.contains(a.substring(0, a.indexOf('=')))) {
        opts.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else if (VALUED.contains(a)) {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " 需要一个值");
        }
        opts.put(a, args[++i]);
      } else if (a.equals("--")) {
        for (i++; i < args.length; i++) {
          files.add(args[i]);
        }
      } else if (a.startsWith("--")) {
        throw new UsageException("未知选项 " + a + "；运行 liveguard evidence --help");
      } else {
        files.add(a);
      }
    }
    return new Args(opts, subject, files);
  }

  private static boolean isPair(String s) {
    return s.matches("[A-Za-z_][A-Za-z0-9_.-]*=.*") && !Files.exists(Paths.get(s));
  }

  private static int seal(Args a, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    String outFile = a.options().get("--out");
    if (outFile == null) {
      throw new UsageException("缺少 --out PKG.zip");
    }
    if (a.files().isEmpty()) {
      throw new UsageException("至少需要一个要固定的文件");
    }
    List<Path> files = new ArrayList<>();
    for (String f : a.files()) {
      Path p = Paths.get(f);
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new UsageException("文件不存在或不可读: " + f);
      }
      files.add(p);
    }
    Path out1 = Paths.get(outFile).toAbsolutePath();
    if (out1.getParent() != null && !Files.isDirectory(out1.getParent())) {
      throw new UsageException("输出目录不存在: " + out1.getParent());
    }
    VaultOptions opts = options(a);
    Path data = Paths.get(a.options().getOrDefault("--data", "data"));
    EvidenceManifest.Detection detection = null;
    if (a.options().containsKey("--rule") || a.options().containsKey("--excerpt")) {
      detection =
          new EvidenceManifest.Detection(
              a.options().getOrDefault("--rule", ""),
              a.options().getOrDefault("--excerpt", ""),
              a.options().getOrDefault("--detected-at", ""));
    }
    List<InputStream> opened = new ArrayList<>();
    try (EvidenceVault vault = EvidenceVault.open(data, opts)) {
      List<EvidenceDraft.ItemSource> items = new ArrayList<>();
      for (Path p : files) {
        InputStream in = Files.newInputStream(p);
        opened.add(in);
        String type = mediaType(p);
        items.add(new EvidenceDraft.ItemSource(role(type), p.getFileName().toString(), type, in));
      }
      String collector =
          a.options().getOrDefault("--collector", System.getProperty("user.name", "unknown"));
      SealedEvidence s =
          vault.seal(new EvidenceDraft(items, detection, a.subject(), collector, null));
      Path tmp = out1.resolveSibling(out1.getFileName() + ".part");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        vault.exportPackage(s.id(), collector, o);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, out1, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Checkpoint cp;
      try {
        cp = Checkpoint.parse(s.checkpoint().text());
      } catch (NoteFormatException e) {
        throw new IllegalStateException(e);
      }
      out.println("已固定证据 " + s.id());
      out.println("  日志：" + vault.origin() + "，清单序号 " + s.leafIndex() + "，检查点大小 " + cp.size());
      out.println("  时间戳服务：" + vault.timestampAuthority());
      out.println("  证据包：" + out1);
      out.println("  信任策略：liveguard evidence trust --data " + data + "（请独立保存，用于 verify --trust）");
      return ExitCode.OK;
    } finally {
      for (InputStream in : opened) {
        in.close();
      }
    }
  }

  private static VaultOptions options(Args a) throws UsageException, IOException {
    String node = a.options().getOrDefault("--node", hostname());
    VaultOptions opts =
        VaultOptions.defaults(node, "liveguard-cli " + version())
            .withSoftwareDigest(softwareDigest());
    String tsa = a.options().get("--tsa");
    if (tsa != null) {
      String cert = a.options().get("--tsa-cert");
      if (cert == null) {
        throw new UsageException("使用 --tsa 时需用 --tsa-cert 提供该时间戳服务的证书（PEM），写入信任策略");
      }
      Path data = Paths.get(a.options().getOrDefault("--data", "data"));
      Path dir = data.resolve("tsa-trust");
      Files.createDirectories(dir);
      Path c = Paths.get(cert);
      if (!Files.isRegularFile(c)) {
        throw new UsageException("证书文件不存在: " + cert);
      }
      Files.copy(
          c,
          dir.resolve(
              "tsa-" + EvidenceVault.sha256Hex(Files.readAllBytes(c)).substring(0, 16) + ".pem"),
          StandardCopyOption.REPLACE_EXISTING);
      try {
        opts =
            opts.withTimestampSource(
                new HttpTimestampClient(URI.create(tsa), Duration.ofSeconds(30)));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return opts;
  }

  private static int verify(Args a, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    if (a.files().size() != 1) {
      throw new UsageException(
          "需要且只需要一个证据包: liveguard evidence verify [--trust trust.json] PKG.zip");
    }
    Path pkg = Paths.get(a.files().get(0));
    if (!Files.isRegularFile(pkg)) {
      throw new UsageException("证据包不存在: " + pkg);
    }
    TrustPolicy trust = null;
    String tf = a.options().get("--trust");
    if (tf != null) {
      try {
        trust = TrustPolicy.parse(Files.readAllBytes(Paths.get(tf)));
      } catch (JsonException e) {
        throw new UsageException("信任策略 " + tf + " 无效: " + e.getMessage());
      }
    }
    VerificationReport r = PackageVerifier.verify(pkg, trust);
    out.println("验证证据包 " + pkg);
    if (r.embeddedTrustOnly()) {
      out.println("注意：未提供 --trust，仅以包内自带的公钥和时间戳证书验证。这只能证明包内各部分彼此一致，");
      out.println("      不能证明证据出自哪个日志；请用独立获得的 trust.json 验证（包不能为自己担保）。");
    } else {
      out.println("信任策略：" + tf + "（独立提供）");
    }
    for (Check c : r.checks()) {
      out.println(
          (c.passed() ? "PASS  " : "FAIL  ") + c.part() + "  " + c.what() + "  " + c.detail());
    }
    if (r.passed()) {
      out.println("结果：通过（" + r.checks().size() + " 项检查全部通过）");
      return ExitCode.OK;
    }
    List<String> parts = r.failures().stream().map(Check::part).distinct().toList();
    out.println("结果：未通过（" + r.failures().size() + " 项失败；涉及 " + String.join(", ", parts) + "）");
    return ExitCode.FAILED;
  }

  private static int trust(Args a, PrintStream out) throws UsageException, IOException {
    try (EvidenceVault vault =
        EvidenceVault.open(Paths.get(a.options().getOrDefault("--data", "data")), options(a))) {
      byte[] bytes = vault.trustPolicy().toBytes();
      String f = a.options().get("--out");
      if (f == null) {
        out.write(bytes);
        out.println();
      } else {
        Files.write(Paths.get(f), bytes);
        out.println("信任策略已写入 " + f);
      }
      return ExitCode.OK;
    }
  }

  private static int custody(Args a, PrintStream out) throws UsageException, IOException {
    if (a.files().size() != 1) {
      throw new UsageException("需要一个证据编号");
    }
    String action = a.options().get("--action");
    String actor = a.options().get("--actor");
    if (action == null || actor == null) {
      throw new UsageException("需要 --action 和 --actor");
    }
    CustodyEvent.Action act;
    try {
      act = CustodyEvent.Action.fromWire(action);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (EvidenceVault vault =
        EvidenceVault.open(Paths.get(a.options().getOrDefault("--data", "data")), options(a))) {
      long idx =
          vault.recordCustody(a.files().get(0), act, actor, a.options().getOrDefault("--note", ""));
      out.println("已记录保管事件（" + act.zh() + "），日志序号 " + idx);
      return ExitCode.OK;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int export(Args a, PrintStream out) throws UsageException, IOException {
    if (a.files().size() != 1) {
      throw new UsageException("需要一个证据编号");
    }
    String outFile = a.options().get("--out");
    if (outFile == null) {
      throw new UsageException("缺少 --out PKG.zip");
    }
    String actor = a.options().getOrDefault("--actor", System.getProperty("user.name", "unknown"));
    Path target = Paths.get(outFile).toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    try (EvidenceVault vault =
            EvidenceVault.open(Paths.get(a.options().getOrDefault("--data", "data")), options(a));
        OutputStream o = Files.newOutputStream(tmp)) {
      vault.exportPackage(a.files().get(0), actor, o);
    } catch (IllegalArgumentException e) {
      Files.deleteIfExists(tmp);
      throw new UsageException(e.getMessage());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("证据包已导出：" + target);
    return ExitCode.OK;
  }

  static String mediaType(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : "";
    return switch (ext) {
      case "mp4", "m4v" -> "video/mp4";
      case "ts" -> "video/mp2t";
      case "flv" -> "video/x-flv";
      case "mkv" -> "video/x-matroska";
      case "webm" -> "video/webm";
      case "wav" -> "audio/wav";
      case "mp3" -> "audio/mpeg";
      case "aac" -> "audio/aac";
      case "jpg", "jpeg" -> "image/jpeg";
      case "png" -> "image/png";
      case "txt", "srt", "vtt" -> "text/plain; charset=utf-8";
      case "json" -> "application/json";
      case "html", "htm" -> "text/html";
      case "pdf" -> "application/pdf";
      default -> "application/octet-stream";
    };
  }

  static String role(String mediaType) {
    if (mediaType.startsWith("video/")) {
      return "clip";
    }
    if (mediaType.startsWith("audio/")) {
      return "audio";
    }
    if (mediaType.startsWith("image/")) {
      return "frame";
    }
    if (mediaType.startsWith("text/plain")) {
      return "transcript";
    }
    if (mediaType.equals("application/json") || mediaType.equals("text/html")) {
      return "listing";
    }
    return "other";
  }

  private static String hostname() {
    try {
      Path h = Paths.get("/etc/hostname");
      if (Files.isReadable(h)) {
        String s = Files.readString(h).trim();
        if (!s.isEmpty()) {
          return s;
        }
      }
    } catch (IOException ignored) {
      // fall through to the environment
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "unknown-node" : env;
  }

  private static String version() {
    String v = EvidenceCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** SHA-256 of the jar this command runs from, or "unknown" when run from a classes directory. */
  private static String softwareDigest() {
    try {
      var src = EvidenceCommand.class.getProtectionDomain().getCodeSource();
      if (src != null) {
        Path p = Paths.get(src.getLocation().toURI());
        if (Files.isRegularFile(p)) {
          try (InputStream in = Files.newInputStream(p)) {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
              md.update(buf, 0, n);
            }
            return "sha256:"
                + java.util.HexFormat.of().formatHex(md.digest())
                + " ("
                + p.getFileName()
                + ")";
          }
        }
      }
    } catch (Exception e) {
      return "unknown";
    }
    return "unknown (classes directory)";
  }
}
