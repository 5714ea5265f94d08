package io.liveguard.cli;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.blob.BlobStore;
import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.asr.AsrEngine;
import io.liveguard.media.asr.FunAsrEngine;
import io.liveguard.media.asr.Sphinx4Engine;
import io.liveguard.media.asr.VoskEngine;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.model.ModelUnavailableException;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.scan.MediaScanner;
import io.liveguard.media.scan.ScanSink;
import io.liveguard.media.slice.EvidenceSlice;
import io.liveguard.media.slice.SliceSealer;
import io.liveguard.media.vad.SileroVad;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;

/**
 * {@code liveguard scan-media}: watches a stream URL or reads a media file, prints one JSON line
 * per transcript or screen-text event (the ingest format) and per finding (the {@code check} shape
 * with {@code "type":"finding"} and the event id), and with {@code --evidence DIR} one line per
 * sealed evidence slice.
 */
final class ScanMediaCommand {

  static final String USAGE =
      "usage: liveguard scan-media [--seconds N] [--asr none|sphinx4|vosk|funasr]"
          + " [--vosk-model DIR] [--funasr-url ws://HOST:PORT] [--no-screen]"
          + " [--keyframe-seconds S] [--realtime] [--evidence DIR] [--listing ID]"
          + " [--room ID] [--session ID]"
          + " [--platform P] [--category CAT] [--date YYYY-MM-DD] [--rules DIR]"
          + " [--allow-remote] [--allow-file-urls] SOURCE";

  private static final double DEFAULT_LIVE_SECONDS = 60;

  private ScanMediaCommand() {}

  static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err) {
    Path tmp = null;
    try {
      Args args =
          Args.parse(
              argv,
              Set.of(
                  "seconds",
                  "asr",
                  "vosk-model",
                  "funasr-url",
                  "keyframe-seconds",
                  "evidence",
                  "room",
                  "session",
                  "platform",
                  "category",
                  "date",
                  "rules",
                  "listing"),
              Set.of("help", "no-screen", "realtime", "allow-remote", "allow-file-urls"));
      if (args.has("help")) {
        out.println(USAGE);
        return ExitCode.OK;
      }
      if (args.positional().size() != 1) {
        throw new UsageException("scan-media takes exactly one SOURCE (URL or file); " + USAGE);
      }
      MediaSource source;
      try {
        source =
            MediaSource.parse(
                args.positional().get(0),
                new MediaSource.Policy(args.has("allow-remote"), args.has("allow-file-urls")));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      double seconds = number(args, "seconds", source.live() ? DEFAULT_LIVE_SECONDS : 0, 0, 86_400);
      double keyframe = number(args, "keyframe-seconds", 1, 0.2, 3600);
      String asrName = args.get("asr", "none");
      boolean screen = !args.has("no-screen");
      boolean speech = !asrName.equals("none");
      if (!speech && !screen) {
        throw new UsageException("nothing to scan: --no-screen needs an --asr engine");
      }
      Detector detector = DetectorOptions.detector(args);
      String product = DetectorOptions.product(args, detector);
      MediaEvent.Origin origin;
      try {
        origin =
            new MediaEvent.Origin(
                args.get("platform", "other"),
                args.get("room", "cli"),
                args.get("session", "scan"));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      Path work;
      if (args.has("evidence")) {
        work = Files.createDirectories(Path.of(args.get("evidence", null)));
      } else {
        tmp = Files.createTempDirectory("liveguard-scan-");
        work = tmp;
      }
      String listing = args.get("listing", null);
      if (listing != null && !MediaEvent.ID.matcher(listing).matches()) {
        throw new UsageException(
            "--listing \"" + listing + "\" is not a listing id (" + MediaEvent.ID + ")");
      }
      ModelStore models = ModelStore.defaultStore();
      Ffmpeg ffmpeg = Ffmpeg.locate();
      try (EvidenceVault vault =
              args.has("evidence")
                  ? EvidenceVault.open(
                      work, VaultOptions.defaults(hostName(), "liveguard scan-media"))
                  : null;
          AsrEngine asr = speech ? engine(asrName, args) : null;
          SileroVad vad = speech ? SileroVad.load(models) : null;
          PpOcr ocr =
              screen
                  ? PpOcr.load(models, Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
                  : null) {
        BlobStore blobs = vault != null ? vault.store() : new FileBlobStore(work.resolve("blobs"));
        Capture.Settings settings =
            Capture.Settings.DEFAULT
                .withMaxSeconds(seconds)
                .withKeyframeSeconds(keyframe)
                .withRealtime(args.has("realtime"));
        MediaScanner.Config cfg =
            new MediaScanner.Config(
                origin,
                speech,
                screen,
                settings,
                product,
                DetectorOptions.date(args),
                0.5,
                30_000,
                2_000);
        if (listing != null) {
          cfg = cfg.withListingOnSale(at -> listing);
        }
        SliceSealer sealer = vault == null ? null : new SliceSealer(vault, "liveguard scan-media");
        ScanSink sink =
            new LineSink(out, err, sealer, vault == null ? null : work.resolve("packages"));
        MediaScanner scanner =
            new MediaScanner(
                ffmpeg,
                cfg,
                detector,
                vad,
                asr,
                ocr,
                new SegmentSpool(work.resolve("spool"), blobs, SegmentSpool.Retention.DEFAULT),
                sealer,
                sink,
                InstantSource.system());
        MediaScanner.Summary s = scanner.run(source);
        out.flush();
        err.printf(
            "liveguard scan-media: %s — %d 条事件（其中价格 %d 条）, %d 条发现, %d 份证据切片, 识别 %d 帧画面（%d 帧无变化跳过）, %d 段语音%n",
            s.state(),
            s.events(),
            s.prices(),
            s.findings(),
            s.slices(),
            s.framesRead(),
            s.framesUnchanged(),
            s.utterances());
        return s.state() == Capture.State.FAILED ? ExitCode.FAILED : ExitCode.OK;
      }
    } catch (UsageException e) {
      out.flush();
      err.println("liveguard scan-media: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (ModelUnavailableException | IOException e) {
      out.flush();
      err.println("liveguard scan-media: " + e.getMessage());
      return ExitCode.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILED;
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  private static AsrEngine engine(String name, Args args) throws UsageException, IOException {
    switch (name) {
      case "sphinx4":
        return Sphinx4Engine.english();
      case "vosk":
        {
          String dir = args.get("vosk-model", System.getenv("LIVEGUARD_VOSK_MODEL"));
          if (dir == null) {
            throw new UsageException(
                "--asr vosk needs --vosk-model DIR (or LIVEGUARD_VOSK_MODEL): a Vosk Mandarin model is not bundled");
          }
          return VoskEngine.load(Path.of(dir));
        }
      case "funasr":
        {
          String url = args.get("funasr-url", System.getenv("LIVEGUARD_FUNASR_URL"));
          if (url == null) {
            throw new UsageException(
                "--asr funasr needs --funasr-url ws://HOST:PORT (or LIVEGUARD_FUNASR_URL) of a FunASR runtime server");
          }
          try {
            return new FunAsrEngine(URI.create(url), Duration.ofSeconds(15));
          } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
          }
        }
      default:
        throw new UsageException(
            "unknown ASR engine \"" + name + "\" (none, sphinx4 [English], vosk, funasr)");
    }
  }

  private static double number(Args args, String name, double dflt, double min, double max)
      throws UsageException {
    String v = args.get(name, null);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (!(d >= min && d <= max)) {
        throw new UsageException("--" + name + " " + v + " is outside [" + min + ", " + max + "]");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " \"" + v + "\" is not a number");
    }
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Prints events and findings as JSON lines, capture status on standard error; with a vault,
   * exports each sealed slice as {@code packages/<id>.zip}.
   */
  private static final class LineSink implements ScanSink {
    private final PrintStream out;
    private final PrintStream err;
    private final SliceSealer sealer;
    private final Path packages;

    LineSink(PrintStream out, PrintStream err, SliceSealer sealer, Path packages) {
      this.out = out;
      this.err = err;
      this.sealer = sealer;
      this.packages = packages;
    }

    @Override
    public void event(MediaEvent event) {
      out.println(event.toJson());
      out.flush();
    }

    @Override
    public void finding(MediaEvent event, Finding finding) {
      out.println(MediaScanner.findingJson(event, finding));
      out.flush();
    }

    @Override
    public void slice(MediaEvent event, EvidenceSlice slice) {
      Path pkg = packages.resolve(slice.id() + ".zip");
      try {
        Files.createDirectories(packages);
        Path tmp = packages.resolve(slice.id() + ".zip.tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
          sealer.export(slice, "liveguard scan-media", o);
        }
        Files.move(tmp, pkg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        err.println("liveguard scan-media: 证据 " + slice.id() + " 已固定，但导出证据包失败: " + e.getMessage());
        pkg = null;
      }
      StringBuilder b = new StringBuilder("{\"type\":\"evidence_slice\",\"event\":");
      FindingJson.string(b, event.id());
      b.append(",\"evidence\":\"").append(slice.id()).append('"');
      b.append(",\"leaf_index\":").append(slice.leafIndex());
      b.append(",\"segments\":").append(slice.segments().size());
      if (pkg != null) {
        b.append(",\"package\":");
        FindingJson.string(b, pkg.toString());
      }
      out.println(b.append('}'));
      out.flush();
    }

    @Override
    public void status(Capture.Status s) {
      err.println("liveguard scan-media: [" + s.state() + "] " + s.message());
    }
  }
}
