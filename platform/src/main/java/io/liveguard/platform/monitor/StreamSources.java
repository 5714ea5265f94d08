package io.liveguard.platform.monitor;

import io.liveguard.media.capture.MediaSource;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The edge where a task room's stream address becomes something a capture worker may open.
 *
 * <p>A stream address is an SSRF and local-file vector: ffmpeg opens whatever it is given. Only
 * {@code http}, {@code https}, {@code rtmp} and {@code rtmps} URLs are accepted, without
 * credentials, with a host that resolves only to public addresses (loopback and private networks
 * only when the operator allows them), or an absolute path of a regular file inside the
 * operator-configured media directory (demos and tests). Everything else — {@code file:}, {@code
 * concat:}, {@code subfile:}, {@code pipe:}, {@code data:} and every other ffmpeg protocol — is
 * refused. A refusal names a message key and arguments, never the submitted address itself (it may
 * carry a secret). The check runs again when a worker starts, because a host name may resolve
 * elsewhere by then.
 */
final class StreamSources {

  /** Longest accepted address. */
  static final int MAX_LENGTH = 2048;

  private static final Set<String> SCHEMES = Set.of("http", "https", "rtmp", "rtmps");

  /** What the deployment allows besides public stream URLs. */
  record Policy(boolean allowLoopback, boolean allowPrivateNetworks, Path mediaDir) {}

  /** A refused address: the message key (under {@code monitor.stream.}) and its arguments. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;
    final transient Object[] args;

    Refused(String code, Object... args) {
      super(code);
      this.code = code;
      this.args = args.clone();
    }
  }

  private StreamSources() {}

  /**
   * Checks {@code text} under {@code policy} and returns the address to store: the URL as given, or
   * the real path of a local file.
   */
  static String check(String text, Policy policy) throws Refused {
    if (text == null || text.isBlank()) {
      throw new Refused("required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new Refused("too-long", MAX_LENGTH);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new Refused("bad-characters");
      }
    }
    if (text.startsWith("/")) {
      return localFile(text, policy);
    }
    int colon = text.indexOf(':');
    if (colon < 1 || !text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]{0,31}")) {
      throw new Refused("not-a-url");
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      throw new Refused("file-url");
    }
    if (!SCHEMES.contains(scheme)) {
      throw new Refused("scheme", scheme);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new Refused("not-a-url");
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      throw new Refused("no-host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      throw new Refused("credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new Refused("no-host");
    }
    if (uri.getRawFragment() != null) {
      throw new Refused("fragment");
    }
    checkHost(host, policy);
    return text;
  }

  /** The source a worker opens for a stored address, checked again under {@code policy}. */
  static MediaSource open(String stored, Policy policy) throws Refused {
    String checked = check(stored, policy);
    // the host has been checked here; the media module's own policy then only adds the ffmpeg
    // protocol whitelist for the kind of source
    return MediaSource.parse(checked, new MediaSource.Policy(true, false));
  }

  private static String localFile(String text, Policy policy) throws Refused {
    if (policy.mediaDir() == null) {
      throw new Refused("files-not-allowed");
    }
    if (text.contains(":") || text.contains("|") || text.contains("\\")) {
      throw new Refused("bad-characters");
    }
    Path p = Path.of(text);
    for (Path part : p) {
      if (part.toString().equals("..") || part.toString().equals(".")) {
        throw new Refused("outside-media-dir");
      }
    }
    Path real;
    Path dir;
    try {
      dir = policy.mediaDir().toRealPath();
    } catch (IOException e) {
      throw new Refused("files-not-allowed");
    }
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new Refused("file-missing");
    }
    // a symbolic link inside the directory may not lead out of it
    if (!real.startsWith(dir)) {
      throw new Refused("outside-media-dir");
    }
    if (!Files.isRegularFile(real)) {
      throw new Refused("file-missing");
    }
    return real.toString();
  }

  private static void checkHost(String host, Policy policy) throws Refused {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      throw new Refused("host-unresolved", host);
    }
    if (all.length == 0) {
      throw new Refused("host-unresolved", host);
    }
    for (InetAddress a : all) {
      if (!allowed(a, policy)) {
        if (a.isLoopbackAddress()) {
          throw new Refused("host-loopback", host);
        }
        throw new Refused("host-private", host, a.getHostAddress());
      }
    }
  }

  /**
   * Whether a worker's ffmpeg may reach {@code a} under {@code policy}: public addresses always,
   * loopback and private networks only when the operator allows them. The workers' egress proxy
   * applies the same test to every request ffmpeg makes.
   */
  static boolean allowed(InetAddress a, Policy policy) {
    if (a.isLoopbackAddress()) {
      return policy.allowLoopback();
    }
    return !isPrivate(a) || policy.allowPrivateNetworks();
  }

  /**
   * Whether {@code a} lies in an address range that is not the public Internet: unspecified,
   * link-local (cloud metadata services at 169.254.169.254), RFC 1918, carrier-grade NAT,
   * multicast, IPv6 unique-local, and IPv4-mapped forms of those.
   */
  static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()
        || a.isLoopbackAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 0
          || (b0 == 100 && b1 >= 64 && b1 < 128) // 100.64.0.0/10 carrier-grade NAT
          || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 IETF protocol
          || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
          || b0 >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // fc00::/7 unique local
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
