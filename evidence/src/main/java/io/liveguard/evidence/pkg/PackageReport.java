package io.liveguard.evidence.pkg;

import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.NoteFormatException;
import io.liveguard.evidence.checkpoint.NoteSignature;
import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.log.Rfc6962;
import io.liveguard.evidence.timestamp.TimestampVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Renders the human-readable report (in Chinese) of an evidence package. The rendering is a pure
 * function of the package contents, so a verifier re-renders it and compares bytes: the report
 * cannot say anything the verified parts do not.
 */
public final class PackageReport {

  private PackageReport() {}

  /** Returns the UTF-8 report for {@code c}. */
  public static byte[] render(PackageContents c) {
    StringBuilder b = new StringBuilder();
    EvidenceManifest m = c.manifest();
    String id = HexFormat.of().formatHex(Rfc6962.sha256().digest(c.manifestBytes()));
    b.append("电子证据固定报告（LiveGuard 证据包）\n");
    b.append("==================================\n\n");
    b.append("证据编号（清单 manifest.json 的 SHA-256）：").append(id).append('\n');
    b.append("封存时间（封存节点时钟）：").append(m.sealedAt()).append('\n');
    b.append("取证人：").append(m.collector()).append("\n\n");

    b.append("一、取证对象\n");
    if (m.subject().isEmpty()) {
      b.append("  （未记载）\n");
    }
    for (Map.Entry<String, String> e : m.subject().entrySet()) {
      b.append("  ").append(subjectLabel(e.getKey())).append("：").append(e.getValue()).append('\n');
    }
    b.append('\n');

    b.append("二、检测结果\n");
    if (m.detection() == null) {
      b.append("  （未记载）\n");
    } else {
      b.append("  规则：").append(m.detection().rule()).append('\n');
      b.append("  摘录：").append(m.detection().excerpt()).append('\n');
      b.append("  时间：").append(m.detection().time()).append('\n');
    }
    b.append('\n');

    b.append("三、取证环境\n");
    b.append("  节点：").append(m.capture().node()).append('\n');
    b.append("  软件：").append(m.capture().software()).append('\n');
    b.append("  软件摘要：").append(m.capture().softwareDigest()).append('\n');
    b.append("  时间来源：").append(m.capture().timeSource()).append('\n');
    b.append("  取证时间：").append(m.capture().capturedAt()).append("\n\n");

    b.append("四、证据文件（包内 items/<SHA-256>）\n");
    int n = 1;
    for (EvidenceManifest.Item i : m.items()) {
      b.append("  ").append(n++).append(". ").append(i.name());
      b.append("（用途：").append(i.role()).append("，类型：").append(i.mediaType());
      b.append("，大小：").append(i.size()).append(" 字节）\n");
      b.append("     SHA-256：").append(i.sha256()).append('\n');
      b.append("     SM3：    ").append(i.sm3()).append('\n');
      b.append("     分块树根（每块 ").append(i.chunkSize()).append(" 字节）：").append(i.chunkRoot());
      b.append('\n');
    }
    b.append('\n');

    b.append("五、透明日志固定（RFC 6962/9162 Merkle 日志，C2SP 签名检查点）\n");
    b.append("  日志名称：").append(c.trust().origin()).append('\n');
    b.append("  清单在日志中的序号：").append(c.sealedProof().leafIndex()).append('\n');
    checkpoint(b, "封存时检查点", c.sealed(), c.trust());
    checkpoint(b, "导出时检查点", c.checkpoint(), c.trust());
    b.append("  两个检查点之间附有一致性证明，证明日志只追加、未改写。\n\n");

    b.append("六、可信时间戳（RFC 3161）\n");
    timestamp(b, "封存时检查点", c.sealedTimestamp(), c.sealed(), c.trust());
    timestamp(b, "导出时检查点", c.timestamp(), c.checkpoint(), c.trust());
    b.append('\n');

    b.append("七、保管记录（每条均为日志中的独立条目）\n");
    if (c.custody().isEmpty()) {
      b.append("  （无）\n");
    }
    for (int k = 0; k < c.custody().size(); k++) {
      b.append("  ").append(k + 1).append(". ");
      try {
        CustodyEvent e = CustodyEvent.parse(c.custody().get(k));
        b.append(e.time())
            .append(' ')
            .append(e.action().zh())
            .append('（')
            .append(e.action().wire());
        b.append("），操作人：").append(e.actor());
        if (!e.note().isEmpty()) {
          b.append("，说明：").append(e.note());
        }
        b.append("，日志序号：").append(c.custodyProofs().get(k).leafIndex());
      } catch (JsonException | IndexOutOfBoundsException e) {
        b.append("（无法解析）");
      }
      b.append('\n');
    }
    b.append('\n');

    b.append("八、信任策略与离线验证\n");
    for (NoteVerifier v : c.trust().logKeys()) {
      b.append("  日志公钥（").append(v.algorithm()).append("）：").append(v.vkey()).append('\n');
    }
    for (NoteVerifier v : c.trust().witnessKeys()) {
      b.append("  见证人公钥：").append(v.vkey()).append('\n');
    }
    b.append("  见证人副署门槛：").append(c.trust().witnessQuorum()).append('\n');
    for (TrustPolicy.Tsa t : c.trust().tsas()) {
      b.append("  时间戳服务：").append(t.description()).append('\n');
      b.append("    证书主题：").append(t.certificate().getSubjectX500Principal().getName());
      b.append('\n');
      b.append("    证书 SHA-256 指纹：").append(fingerprint(t)).append('\n');
    }
    b.append(
        """

          验证方法（离线，无需联网）：
            liveguard evidence verify --trust <独立获得的 trust.json> 本证据包.zip
          包内的 trust.json 只能证明包内各部分彼此一致：包不能为自己担保。要证明本证据
          确由上述日志固定，须使用经独立渠道（如机关公告、纸质备案）获得的公钥与时间戳
          证书进行验证；未提供 --trust 时，验证结果会注明“仅以包内自带的公钥验证”。
        """);
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void checkpoint(StringBuilder b, String label, SignedNote note, TrustPolicy t) {
    try {
      Checkpoint cp = Checkpoint.parse(note.text());
      b.append("  ").append(label).append("：日志大小 ").append(cp.size());
      b.append("，根哈希 ").append(HexFormat.of().formatHex(cp.rootHash())).append('\n');
    } catch (NoteFormatException e) {
      b.append("  ").append(label).append("：（无法解析）\n");
      return;
    }
    List<String> sigs = new ArrayList<>();
    for (NoteSignature s : note.signatures()) {
      String alg = "未知密钥";
      for (NoteVerifier v : t.logKeys()) {
        if (v.name().equals(s.name()) && v.keyId() == s.keyId()) {
          alg = "日志签名 " + v.algorithm();
        }
      }
      for (NoteVerifier v : t.witnessKeys()) {
        if (v.name().equals(s.name()) && v.keyId() == s.keyId()) {
          alg = "见证人副署";
        }
      }
      sigs.add(alg + "（" + s.name() + "+" + s.keyIdHex() + "）");
    }
    b.append("    签名：").append(String.join("；", sigs)).append('\n');
  }

  private static void timestamp(
      StringBuilder b, String label, byte[] token, SignedNote note, TrustPolicy t) {
    TimestampVerifier.Result r =
        TimestampVerifier.verify(token, note.toBytes(), t.tsaCertificates());
    b.append("  ").append(label).append("的时间戳：");
    if (!r.valid()) {
      b.append("无效（").append(r.reason()).append("）\n");
      return;
    }
    b.append(r.genTime()).append("，签发者：").append(r.tsa()).append('\n');
    for (TrustPolicy.Tsa tsa : t.tsas()) {
      if (tsa.certificate().getSubjectX500Principal().getName().equals(r.tsa())) {
        b.append("    时间戳服务：").append(tsa.description()).append('\n');
        if (tsa.local()) {
          b.append("    注意：该时间戳由取证节点本机的本地时间戳服务（BouncyCastle）签发，只证明本机时钟\n");
          b.append("    所示时间，不是第三方可信时间源；正式取证请以 --tsa URL 配置受信任的时间戳服务。\n");
        }
        break;
      }
    }
  }

  private static String fingerprint(TrustPolicy.Tsa t) {
    try {
      return HexFormat.of().formatHex(Rfc6962.sha256().digest(t.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      return "（无法编码）";
    }
  }

  private static String subjectLabel(String key) {
    return switch (key) {
      case "platform" -> "平台（platform）";
      case "room" -> "直播间（room）";
      case "session" -> "场次（session）";
      case "listing" -> "商品（listing）";
      case "streamer" -> "主播（streamer）";
      default -> key;
    };
  }
}
