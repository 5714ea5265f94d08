package io.liveguard.media.capture;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A validated place to capture from: a live stream URL (HLS over http/https, HTTP-FLV, RTMP) or a
 * local media file.
 *
 * <p>{@link #parse} is the edge where an operator's or an API's string becomes a source: schemes
 * other than http, https, rtmp and rtmps are refused; {@code file:} URLs are refused unless the
 * policy allows them; hosts that do not resolve to loopback addresses are refused unless the policy
 * allows remote sources. The messages say which setting to change.
 */
public record MediaSource(Kind kind, String location, boolean live) {

  /** What the location is. */
  public enum Kind {
    HLS,
    HTTP_FLV,
    HTTP,
    RTMP,
    FILE
  }

  /** What the deployment allows. */
  public record Policy(boolean allowRemote, boolean allowFileUrls) {
    /** Loopback streams and plain file paths only: the default of the CLI and the tests. */
    public static final Policy LOCAL = new Policy(false, false);

    /** Remote streams allowed (a monitoring deployment); file: URLs still refused. */
    public static final Policy REMOTE = new Policy(true, false);
  }

  private static final Set<String> STREAM_SCHEMES = Set.of("http", "https", "rtmp", "rtmps");

  public MediaSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  /**
   * The ffmpeg protocols a source of this kind may open (HLS playlists may not reach files); {@code
   * httpproxy} is ffmpeg's CONNECT tunnel to the {@link EgressProxy} for HTTPS and RTMPS (ffmpeg's
   * TLS layer takes {@code http_proxy}).
   */
  public String protocolWhitelist() {
    return switch (kind) {
      case FILE -> "file";
      case RTMP -> "rtmp,rtmps,tcp,tls,httpproxy";
      default -> "http,https,tcp,tls,crypto,httpproxy";
    };
  }

  /**
   * Parses {@code text} as a URL or a file path under {@code policy}.
   *
   * @throws IllegalArgumentException with a user-facing message if the source is refused
   */
  public static MediaSource parse(String text, Policy policy) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(policy, "policy");
    if (text.isBlank() || text.length() > 4096 || text.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("来源为空、过长或含控制字符");
    }
    int colon = text.indexOf(':');
    boolean looksLikeUrl = colon > 1 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    if (!looksLikeUrl) {
      Path p = Path.of(text);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("文件不存在或不是普通文件: " + text);
      }
      return new MediaSource(Kind.FILE, p.toAbsolutePath().toString(), false);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("不是合法的 URL: " + text + "（" + e.getReason() + "）");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      if (!policy.allowFileUrls()) {
        throw new IllegalArgumentException(
            "拒绝 file: URL（" + text + "）：配置未允许读取本机文件 URL；请直接给出文件路径，或开启 allowFileUrls");
      }
      Path p = Path.of(uri);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("文件不存在或不是普通文件: " + p);
      }
      return new MediaSource(Kind.FILE, p.toString(), false);
    }
    if (!STREAM_SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "不支持的协议 \"" + scheme + "\"（支持 http、https、rtmp、rtmps 与本地文件）");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("URL 缺少主机名: " + text);
    }
    if (!policy.allowRemote() && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "拒绝非本机地址 "
              + host
              + "：配置只允许回环地址（127.0.0.0/8、::1）；监测公网直播需开启 allowRemote（命令行 --allow-remote）");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
    Kind kind;
    if (scheme.startsWith("rtmp")) {
      kind = Kind.RTMP;
    } else if (path.endsWith(".m3u8")) {
      kind = Kind.HLS;
    } else if (path.endsWith(".flv")) {
      kind = Kind.HTTP_FLV;
    } else {
      kind = Kind.HTTP;
    }
    return new MediaSource(kind, uri.toString(), true);
  }

  private static boolean isLoopback(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
