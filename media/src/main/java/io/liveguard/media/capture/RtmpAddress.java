package io.liveguard.media.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A plain {@code rtmp://} URL taken apart the way ffmpeg takes it apart, so that ffmpeg can be
 * pointed at an {@link EgressProxy.Tunnel} on the loopback interface while the server still sees
 * the address the operator gave: the URL ffmpeg opens names the tunnel, and {@code -rtmp_tcurl}
 * carries the {@code tcUrl} ffmpeg would have sent for the original URL ({@code
 * rtmp://host:port/app}; servers pick their virtual host and application from it).
 *
 * @param host the host as written, without brackets
 * @param port the port, 1935 when the URL names none
 * @param userInfo the raw user-info part (RTMP authentication), or null
 * @param pathAndQuery everything after the authority, as written
 */
record RtmpAddress(String host, int port, String userInfo, String pathAndQuery) {

  /** ffmpeg's {@code RTMP_DEFAULT_PORT}. */
  static final int DEFAULT_PORT = 1935;

  /** Parses a plain {@code rtmp://} URL; anything else is refused. */
  static RtmpAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an RTMP URL: " + e.getReason());
    }
    if (uri.getScheme() == null
        || !uri.getScheme().toLowerCase(Locale.ROOT).equals("rtmp")
        || uri.getHost() == null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("not a plain rtmp:// URL with a host");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new RtmpAddress(
        host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), uri.getRawUserInfo(), path);
  }

  /**
   * The RTMP application, by ffmpeg's rules ({@code rtmpproto.c}, {@code rtmp_open}): the whole
   * path before the query for a {@code slist=} URL, {@code ondemand} for {@code /ondemand/…}, else
   * the first path element — or the first two when the second has no {@code :} and more follows.
   */
  String app() {
    String path = pathAndQuery;
    int qmark = path.indexOf('?');
    if (qmark >= 0 && path.indexOf("slist=", qmark) >= 0) {
      return path.substring(Math.min(1, qmark), qmark);
    }
    if (path.startsWith("/ondemand/")) {
      return "ondemand";
    }
    String next = path.isEmpty() ? path : path.substring(1);
    int p = next.indexOf('/');
    if (p < 0) {
      return "";
    }
    int colon = next.indexOf(':', p + 1);
    int second = next.indexOf('/', p + 1);
    if (second < 0 || (colon >= 0 && colon < second)) {
      return next.substring(0, p);
    }
    return next.substring(0, second);
  }

  /** The {@code tcUrl} ffmpeg sends for this address: {@code rtmp://host:port/app}. */
  String tcUrl() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "rtmp://" + h + ":" + port + "/" + app();
  }

  /** The same stream through a loopback port. */
  String via(int localPort) {
    return "rtmp://"
        + (userInfo == null ? "" : userInfo + "@")
        + "127.0.0.1:"
        + localPort
        + pathAndQuery;
  }
}
