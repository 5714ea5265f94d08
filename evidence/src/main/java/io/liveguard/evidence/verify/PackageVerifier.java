package io.liveguard.evidence.verify;

import io.liveguard.evidence.blob.BlobDigester;
import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.NoteFormatException;
import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.ProofVerifier;
import io.liveguard.evidence.log.Rfc6962;
import io.liveguard.evidence.pkg.CustodyEvent;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.evidence.pkg.PackageContents;
import io.liveguard.evidence.pkg.PackageLayout;
import io.liveguard.evidence.pkg.PackageReport;
import io.liveguard.evidence.pkg.PackageWriter;
import io.liveguard.evidence.pkg.ProofJson;
import io.liveguard.evidence.pkg.TrustPolicy;
import io.liveguard.evidence.timestamp.TimestampVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies an evidence package offline and lists every check: container safety, trust policy,
 * manifest, each item's size and SHA-256/SM3/chunk root, checkpoint signatures (all log keys,
 * witness quorum), RFC 3161 tokens, inclusion and consistency proofs, custody events, and the
 * report (re-rendered and compared byte for byte).
 *
 * <p>Outcomes are values: a tampered or hostile package yields failed checks naming the part, never
 * an exception. Stateless and thread-safe. Nothing is extracted to disk.
 */
public final class PackageVerifier {

  private PackageVerifier() {}

  /**
   * Verifies {@code zip}; with {@code trusted} null, only the embedded trust policy is used and the
   * report says so.
   */
  public static VerificationReport verify(Path zip, TrustPolicy trusted) {
    List<Check> checks = new ArrayList<>();
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      try {
        new Run(zf, trusted, checks).run();
      } catch (RuntimeException e) {
        // A hostile package must never crash the verifier; report instead.
        checks.add(Check.fail("package", "验证过程", "无法解析的内容: " + e));
      }
    } catch (ZipException e) {
      checks.add(Check.fail("package", "ZIP 结构", "不是完整的 ZIP 文件（可能被截断或损坏）: " + e.getMessage()));
    } catch (IOException e) {
      checks.add(Check.fail("package", "读取证据包", "无法读取: " + e.getMessage()));
    }
    return new VerificationReport(checks, trusted == null);
  }

  private static final class Run {
    private final ZipFile zf;
    private final TrustPolicy external;
    private final List<Check> checks;
    private final Map<String, byte[]> parts = new HashMap<>();
    private final Map<String, ZipEntry> entries = new HashMap<>();
    private boolean structureOk = true;

    Run(ZipFile zf, TrustPolicy external, List<Check> checks) {
      this.zf = zf;
      this.external = external;
      this.checks = checks;
    }

    void run() {
      if (!container()) {
        return;
      }
      TrustPolicy embedded = trust();
      TrustPolicy policy = external != null ? external : embedded;
      if (policy == null) {
        return;
      }
      byte[] manifestBytes = parts.get(PackageLayout.MANIFEST);
      EvidenceManifest manifest = manifest(manifestBytes);
      if (manifest != null) {
        items(manifest);
      }
      SignedNote sealed =
          note(PackageLayout.SEALED_CHECKPOINT, PackageLayout.SEALED_TIMESTAMP, policy);
      SignedNote latest = note(PackageLayout.CHECKPOINT, PackageLayout.TIMESTAMP, policy);
      InclusionProof sealedProof =
          inclusion(PackageLayout.SEALED_MANIFEST_PROOF, manifestBytes, sealed, "清单包含于封存时检查点");
      InclusionProof latestProof =
          inclusion(PackageLayout.MANIFEST_PROOF, manifestBytes, latest, "清单包含于导出时检查点");
      if (manifest != null
          && sealed != null
          && latest != null
          && sealedProof == null
          && latestProof == null) {
        // Both independent proofs fail only when the leaf itself changed.
        checks.add(Check.fail(PackageLayout.MANIFEST, "清单与日志记录一致", "清单的叶哈希不在任何检查点中：清单被改动"));
      }
      if (sealedProof != null
          && latestProof != null
          && sealedProof.leafIndex() != latestProof.leafIndex()) {
        checks.add(Check.fail(PackageLayout.MANIFEST_PROOF, "清单日志序号一致", "两个证明给出的序号不同"));
      }
      ConsistencyProof consistency = consistency(sealed, latest);
      List<byte[]> custody = new ArrayList<>();
      List<InclusionProof> custodyProofs = new ArrayList<>();
      custody(manifestBytes, latest, custody, custodyProofs);
      report(
          embedded,
          manifestBytes,
          manifest,
          sealed,
          latest,
          sealedProof,
          latestProof,
          consistency,
          custody,
          custodyProofs);
    }

    private boolean container() {
      if (zf.size() > PackageLayout.MAX_MEMBERS) {
        checks.add(
            Check.fail(
                "package", "成员数量", "包含 " + zf.size() + " 个成员，超过上限 " + PackageLayout.MAX_MEMBERS));
        return false;
      }
      Set<String> seen = new HashSet<>();
      Enumeration<? extends ZipEntry> en = zf.entries();
      List<String> problems = new ArrayList<>();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        String name = e.getName();
        if (!seen.add(name)) {
          problems.add("成员重复: " + name);
          continue;
        }
        if (name.contains("..")
            || name.startsWith("/")
            || name.contains("\\")
            || name.contains(":")) {
          problems.add("成员路径不安全（zip slip）: " + name);
          continue;
        }
        if (!PackageLayout.isKnown(name)) {
          problems.add("格式未定义的成员: " + name);
          continue;
        }
        long size = e.getSize();
        long csize = e.getCompressedSize();
        if (size > (1 << 20) && csize > 0 && size / csize > PackageLayout.MAX_RATIO) {
          problems.add("压缩比异常（疑似 zip 炸弹）: " + name + " " + size + "/" + csize);
          continue;
        }
        entries.put(name, e);
      }
      if (!problems.isEmpty()) {
        for (String p : problems) {
          checks.add(Check.fail("package", "ZIP 成员", p));
        }
        return false;
      }
      for (String required :
          List.of(
              PackageLayout.MANIFEST,
              PackageLayout.CHECKPOINT,
              PackageLayout.TIMESTAMP,
              PackageLayout.MANIFEST_PROOF,
              PackageLayout.SEALED_CHECKPOINT,
              PackageLayout.SEALED_TIMESTAMP,
              PackageLayout.SEALED_MANIFEST_PROOF,
              PackageLayout.SEALED_CONSISTENCY,
              PackageLayout.TRUST,
              PackageLayout.REPORT)) {
        if (!entries.containsKey(required)) {
          checks.add(Check.fail(required, "必需成员", "缺少"));
          structureOk = false;
        }
      }
      for (Map.Entry<String, ZipEntry> e : entries.entrySet()) {
        if (e.getKey().startsWith(PackageLayout.ITEMS)) {
          continue;
        }
        try {
          parts.put(e.getKey(), readBounded(e.getValue(), PackageLayout.MAX_METADATA_SIZE));
        } catch (IOException ex) {
          checks.add(Check.fail(e.getKey(), "读取成员", ex.getMessage()));
          structureOk = false;
        }
      }
      if (structureOk) {
        checks.add(Check.pass("package", "ZIP 结构与成员", zf.size() + " 个成员，均为格式定义的名称"));
      }
      return structureOk;
    }

    private byte[] readBounded(ZipEntry e, int limit) throws IOException {
      if (e.getSize() > limit) {
        throw new IOException("声明大小 " + e.getSize() + " 超过上限 " + limit);
      }
      try (InputStream in = zf.getInputStream(e)) {
        byte[] b = in.readNBytes(limit + 1);
        if (b.length > limit) {
          throw new IOException("解压后超过上限 " + limit + " 字节（疑似 zip 炸弹）");
        }
        if (e.getSize() >= 0 && b.length != e.getSize()) {
          throw new IOException("解压后大小与目录记录不符");
        }
        CRC32 crc = new CRC32();
        crc.update(b);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
          throw new IOException("CRC32 校验失败（成员数据被改动）");
        }
        return b;
      } catch (ZipException ex) {
        throw new IOException("解压失败（数据损坏）: " + ex.getMessage(), ex);
      }
    }

    private TrustPolicy trust() {
      TrustPolicy embedded;
      try {
        embedded = TrustPolicy.parse(parts.get(PackageLayout.TRUST));
      } catch (JsonException e) {
        checks.add(Check.fail(PackageLayout.TRUST, "信任策略格式", e.getMessage()));
        return null;
      }
      if (external == null) {
        checks.add(
            Check.pass(
                PackageLayout.TRUST,
                "信任策略",
                "仅以包内自带的公钥验证（包不能为自己担保；请用 --trust 提供独立获得的 trust.json）"));
      } else if (Arrays.equals(external.toBytes(), parts.get(PackageLayout.TRUST))) {
        checks.add(Check.pass(PackageLayout.TRUST, "信任策略", "与独立提供的信任策略一致"));
      } else {
        checks.add(Check.fail(PackageLayout.TRUST, "信任策略", "与独立提供的信任策略不一致"));
      }
      return embedded;
    }

    private EvidenceManifest manifest(byte[] bytes) {
      try {
        EvidenceManifest m = EvidenceManifest.parse(bytes);
        checks.add(
            Check.pass(
                PackageLayout.MANIFEST,
                "清单格式（规范 JSON）",
                "证据编号 " + HexFormat.of().formatHex(Rfc6962.sha256().digest(bytes))));
        return m;
      } catch (JsonException e) {
        checks.add(Check.fail(PackageLayout.MANIFEST, "清单格式（规范 JSON）", e.getMessage()));
        return null;
      }
    }

    private void items(EvidenceManifest m) {
      Set<String> listed = new HashSet<>();
      for (EvidenceManifest.Item i : m.items()) {
        String name = PackageLayout.ITEMS + i.sha256();
        listed.add(name);
        ZipEntry e = entries.get(name);
        String what = "证据文件 " + i.name() + "（大小、SHA-256、SM3、分块树根）";
        if (e == null) {
          checks.add(Check.fail(name, what, "包内缺少此文件"));
          continue;
        }
        if (e.getSize() != i.size()) {
          checks.add(Check.fail(name, what, "大小 " + e.getSize() + " 与清单 " + i.size() + " 不符"));
          continue;
        }
        try (InputStream in = zf.getInputStream(e)) {
          BlobDigester d = new BlobDigester((int) i.chunkSize(), i.size() > (4 << 20));
          CRC32 crc = new CRC32();
          byte[] buf = new byte[256 * 1024];
          long total = 0;
          int n;
          while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > i.size()) {
              break;
            }
            d.update(buf, 0, n);
            crc.update(buf, 0, n);
          }
          BlobRef r = d.finish();
          List<String> bad = new ArrayList<>();
          if (total != i.size()) {
            bad.add("实际大小与清单不符");
          }
          if (!r.sha256().equals(i.sha256())) {
            bad.add("SHA-256 不符");
          }
          if (!r.sm3().equals(i.sm3())) {
            bad.add("SM3 不符");
          }
          if (!r.chunkRoot().equals(i.chunkRoot())) {
            bad.add("分块树根不符");
          }
          if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            bad.add("ZIP CRC32 不符");
          }
          checks.add(
              bad.isEmpty()
                  ? Check.pass(name, what, i.size() + " 字节")
                  : Check.fail(name, what, String.join("；", bad)));
        } catch (IOException | RuntimeException ex) {
          checks.add(Check.fail(name, what, "读取失败（数据损坏）: " + ex.getMessage()));
        }
      }
      for (String name : entries.keySet()) {
        if (name.startsWith(PackageLayout.ITEMS) && !listed.contains(name)) {
          checks.add(Check.fail(name, "证据文件", "清单未列出此文件"));
        }
      }
    }

    private SignedNote note(String part, String tokenPart, TrustPolicy policy) {
      byte[] bytes = parts.get(part);
      SignedNote note;
      Checkpoint cp;
      try {
        note = SignedNote.parse(bytes);
        cp = Checkpoint.parse(note.text());
      } catch (NoteFormatException e) {
        checks.add(Check.fail(part, "检查点格式（C2SP signed note）", e.getMessage()));
        return null;
      }
      if (!Arrays.equals(note.toBytes(), bytes)) {
        checks.add(Check.fail(part, "检查点格式（C2SP signed note）", "不是规范编码"));
        return null;
      }
      if (!cp.origin().equals(policy.origin())) {
        checks.add(Check.fail(part, "检查点日志名称", cp.origin() + " 不是 " + policy.origin()));
        return null;
      }
      SignedNote.NoteVerification v = note.verify(concat(policy.logKeys(), policy.witnessKeys()));
      boolean ok = true;
      for (NoteVerifier k : policy.logKeys()) {
        boolean signed = v.verified().contains(k);
        ok &= signed;
        checks.add(
            signed
                ? Check.pass(part, "检查点签名（" + k.algorithm() + "）", "日志大小 " + cp.size())
                : Check.fail(part, "检查点签名（" + k.algorithm() + "）", "缺少签名或签名无效"));
      }
      long witnesses = policy.witnessKeys().stream().filter(v.verified()::contains).count();
      if (policy.witnessQuorum() > 0 || !policy.witnessKeys().isEmpty()) {
        boolean q = witnesses >= policy.witnessQuorum();
        ok &= q;
        checks.add(
            q
                ? Check.pass(part, "见证人副署", witnesses + " 个有效副署")
                : Check.fail(
                    part, "见证人副署", "有效副署 " + witnesses + " 个，少于要求的 " + policy.witnessQuorum()));
      }
      if (!v.failed().isEmpty()) {
        ok = false;
        checks.add(Check.fail(part, "检查点签名", "以下受信任密钥的签名无效: " + v.failed()));
      }
      byte[] token = parts.get(tokenPart);
      TimestampVerifier.Result r = TimestampVerifier.verify(token, bytes, policy.tsaCertificates());
      checks.add(
          r.valid()
              ? Check.pass(tokenPart, "RFC 3161 时间戳", r.genTime() + "，签发者 " + r.tsa())
              : Check.fail(tokenPart, "RFC 3161 时间戳", r.reason()));
      return ok ? note : null;
    }

    private InclusionProof inclusion(String part, byte[] leaf, SignedNote note, String what) {
      InclusionProof p;
      try {
        p = ProofJson.parseInclusion(parts.get(part), part);
      } catch (JsonException e) {
        checks.add(Check.fail(part, what, e.getMessage()));
        return null;
      }
      if (note == null) {
        checks.add(Check.fail(part, what, "无法检查：对应的检查点无效"));
        return null;
      }
      Checkpoint cp = parsed(note);
      if (p.treeSize() != cp.size()) {
        checks.add(Check.fail(part, what, "证明的日志大小 " + p.treeSize() + " 不是检查点的 " + cp.size()));
        return null;
      }
      boolean ok = ProofVerifier.verifyInclusion(Rfc6962.leafHash(leaf), p, cp.rootHash());
      checks.add(
          ok
              ? Check.pass(part, what, "日志序号 " + p.leafIndex() + "，日志大小 " + p.treeSize())
              : Check.fail(part, what, "包含证明不成立（证明或被证明的内容被改动）"));
      return ok ? p : null;
    }

    private ConsistencyProof consistency(SignedNote sealed, SignedNote latest) {
      String part = PackageLayout.SEALED_CONSISTENCY;
      String what = "封存时与导出时检查点的一致性（日志只追加）";
      ConsistencyProof p;
      try {
        p = ProofJson.parseConsistency(parts.get(part), part);
      } catch (JsonException e) {
        checks.add(Check.fail(part, what, e.getMessage()));
        return null;
      }
      if (sealed == null || latest == null) {
        checks.add(Check.fail(part, what, "无法检查：检查点无效"));
        return null;
      }
      Checkpoint a = parsed(sealed);
      Checkpoint b = parsed(latest);
      boolean ok =
          p.size1() == a.size()
              && p.size2() == b.size()
              && ProofVerifier.verifyConsistency(p, a.rootHash(), b.rootHash());
      checks.add(
          ok
              ? Check.pass(part, what, a.size() + " → " + b.size())
              : Check.fail(part, what, "一致性证明不成立"));
      return ok ? p : null;
    }

    private void custody(
        byte[] manifestBytes, SignedNote latest, List<byte[]> out, List<InclusionProof> proofs) {
      String id =
          manifestBytes == null
              ? ""
              : HexFormat.of().formatHex(Rfc6962.sha256().digest(manifestBytes));
      int n = 0;
      for (int k = 1; k <= PackageLayout.MAX_CUSTODY; k++) {
        String ev = PackageLayout.custody(k);
        String pr = PackageLayout.custodyProof(k);
        if (!parts.containsKey(ev) && !parts.containsKey(pr)) {
          break;
        }
        n = k;
        byte[] bytes = parts.get(ev);
        if (bytes == null || !parts.containsKey(pr)) {
          checks.add(Check.fail(bytes == null ? ev : pr, "保管记录", "事件与其证明必须成对出现"));
          continue;
        }
        try {
          CustodyEvent e = CustodyEvent.parse(bytes);
          if (!e.evidence().equals(id)) {
            checks.add(Check.fail(ev, "保管记录", "记录的证据编号不是本证据"));
            continue;
          }
        } catch (JsonException e) {
          checks.add(Check.fail(ev, "保管记录格式", e.getMessage()));
          continue;
        }
        InclusionProof p = inclusion(pr, bytes, latest, "保管记录 " + k + " 包含于导出时检查点");
        if (p != null) {
          out.add(bytes);
          proofs.add(p);
        }
      }
      long extra =
          parts.keySet().stream()
              .filter(
                  s ->
                      s.startsWith(PackageLayout.CUSTODY)
                          || s.startsWith(PackageLayout.CUSTODY_PROOFS))
              .count();
      if (extra != 2L * n) {
        checks.add(Check.fail("custody/", "保管记录编号", "编号不连续或事件与证明不成对"));
      }
    }

    private void report(
        TrustPolicy embedded,
        byte[] manifestBytes,
        EvidenceManifest manifest,
        SignedNote sealed,
        SignedNote latest,
        InclusionProof sealedProof,
        InclusionProof latestProof,
        ConsistencyProof consistency,
        List<byte[]> custody,
        List<InclusionProof> custodyProofs) {
      String part = PackageLayout.REPORT;
      String what = "报告与包内容一致（重新生成后逐字节比较）";
      if (embedded == null
          || manifest == null
          || sealed == null
          || latest == null
          || sealedProof == null
          || latestProof == null
          || consistency == null) {
        checks.add(Check.fail(part, what, "无法检查：其他部分无效"));
        return;
      }
      byte[] want =
          PackageReport.render(
              new PackageContents(
                  manifestBytes,
                  manifest,
                  sealed,
                  parts.get(PackageLayout.SEALED_TIMESTAMP),
                  sealedProof,
                  latest,
                  parts.get(PackageLayout.TIMESTAMP),
                  latestProof,
                  consistency,
                  custody,
                  custodyProofs,
                  embedded));
      checks.add(
          Arrays.equals(want, parts.get(part))
              ? Check.pass(part, what, "一致")
              : Check.fail(part, what, "报告文本与已验证的内容不一致（报告被改动）"));
      encoding(
          new PackageContents(
              manifestBytes,
              manifest,
              sealed,
              parts.get(PackageLayout.SEALED_TIMESTAMP),
              sealedProof,
              latest,
              parts.get(PackageLayout.TIMESTAMP),
              latestProof,
              consistency,
              custody,
              custodyProofs,
              embedded));
    }

    // The writer is deterministic, so a package is exactly the canonical encoding of its parts:
    // re-encoding them and comparing digests covers every byte, ZIP headers included.
    private void encoding(PackageContents c) {
      String what = "ZIP 编码逐字节为规范编码（含文件头）";
      try {
        MessageDigest want = Rfc6962.sha256();
        try (OutputStream o = new DigestOutputStream(OutputStream.nullOutputStream(), want)) {
          PackageWriter.write(
              c,
              sha -> {
                ZipEntry e = entries.get(PackageLayout.ITEMS + sha);
                if (e == null) {
                  throw new IOException("missing item " + sha);
                }
                return zf.getInputStream(e);
              },
              o);
        }
        MessageDigest got = Rfc6962.sha256();
        try (InputStream in = Files.newInputStream(Path.of(zf.getName()))) {
          byte[] buf = new byte[256 * 1024];
          int n;
          while ((n = in.read(buf)) > 0) {
            got.update(buf, 0, n);
          }
        }
        checks.add(
            MessageDigest.isEqual(want.digest(), got.digest())
                ? Check.pass("package", what, "一致")
                : Check.fail("package", what, "ZIP 文件的字节与其内容的规范编码不同（文件被改动或被重新打包）"));
      } catch (IOException e) {
        checks.add(Check.fail("package", what, "无法重新编码: " + e.getMessage()));
      }
    }

    private static Checkpoint parsed(SignedNote n) {
      try {
        return Checkpoint.parse(n.text());
      } catch (NoteFormatException e) {
        throw new IllegalStateException(e);
      }
    }

    private static List<NoteVerifier> concat(List<NoteVerifier> a, List<NoteVerifier> b) {
      List<NoteVerifier> out = new ArrayList<>(a);
      out.addAll(b);
      return out;
    }
  }
}
