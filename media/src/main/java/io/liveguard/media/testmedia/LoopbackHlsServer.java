package io.liveguard.media.testmedia;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves an HLS VOD directory on 127.0.0.1 as a <em>live</em> stream: {@code /live.m3u8} publishes
 * each segment when its real duration has passed since the server started, in a sliding window, as
 * a live origin does; static files ({@code /index.m3u8}, segments, any other file such as an {@code
 * .flv}) are served as they are.
 *
 * <p>For fault tests the stream can be made to fail: {@link #stop} (the server goes away, the port
 * refuses), {@link #restart} (same port, live edge still moving with the original clock), {@link
 * #setBrokenPlaylist} (the playlist is garbage), {@link #setStalled} (requests hang until cleared).
 * Only loopback is bound; only plain file names inside the directory are served.
 */
public final class LoopbackHlsServer implements AutoCloseable {

  private static final Pattern EXTINF =
      Pattern.compile("#EXTINF:([0-9.]+),?\\s*\\n([^#\\s][^\\n]*)");
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private record Seg(String name, double duration) {}

  private final Path dir;
  private final List<Seg> segments;
  private final double targetDuration;
  private final int window;
  private final boolean endWhenDone;
  private final long startNanos;
  private final int port;
  private HttpServer server;
  private ExecutorService executor;
  private volatile boolean brokenPlaylist;
  private volatile boolean stalled;
  private volatile int playlistRequests;

  private LoopbackHlsServer(Path dir, List<Seg> segments, int window, boolean endWhenDone, int port)
      throws IOException {
    this.dir = dir;
    this.segments = segments;
    this.window = window;
    this.endWhenDone = endWhenDone;
    this.targetDuration = segments.stream().mapToDouble(Seg::duration).max().orElse(2);
    this.startNanos = System.nanoTime();
    this.port = bind(port);
  }

  /**
   * Serves {@code dir} (holding {@code index.m3u8} from {@link TestMedia#hls}) on a free loopback
   * port; the live playlist ends with {@code #EXT-X-ENDLIST} once every segment is published if
   * {@code endWhenDone}.
   */
  public static LoopbackHlsServer start(Path dir, boolean endWhenDone) throws IOException {
    String playlist = Files.readString(dir.resolve("index.m3u8"), StandardCharsets.UTF_8);
    List<Seg> segs = new ArrayList<>();
    Matcher m = EXTINF.matcher(playlist.replace("\r", ""));
    while (m.find()) {
      segs.add(new Seg(m.group(2).trim(), Double.parseDouble(m.group(1))));
    }
    if (segs.isEmpty()) {
      throw new IOException(dir + "/index.m3u8 lists no segments");
    }
    return new LoopbackHlsServer(dir, List.copyOf(segs), 4, endWhenDone, 0);
  }

  private int bind(int wanted) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 16);
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "hls-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return server.getAddress().getPort();
  }

  /** The live playlist URL. */
  public String liveUrl() {
    return "http://127.0.0.1:" + port + "/live.m3u8";
  }

  /** The URL of a static file in the directory. */
  public String url(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  /** How many times the live playlist was requested. */
  public int playlistRequests() {
    return playlistRequests;
  }

  /** Seconds of media published so far. */
  public double publishedSeconds() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double t = 0;
    for (Seg s : segments) {
      if (t + s.duration() > elapsed) {
        break;
      }
      t += s.duration();
    }
    return t;
  }

  /** Serves garbage instead of the live playlist while {@code broken}. */
  public void setBrokenPlaylist(boolean broken) {
    this.brokenPlaylist = broken;
  }

  /** Holds every request without answering while {@code stalled}. */
  public void setStalled(boolean stalled) {
    this.stalled = stalled;
  }

  /** Stops serving: connections to the port are refused. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Serves again on the same port. */
  public synchronized void restart() throws IOException {
    if (server == null) {
      bind(port);
    }
  }

  @Override
  public void close() {
    stalled = false;
    stop();
  }

  private String livePlaylist() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    // a segment is published once its end time has passed (at least the first one at once)
    int published = 0;
    double t = 0;
    for (Seg s : segments) {
      t += s.duration();
      if (t <= elapsed || published == 0) {
        published++;
      } else {
        break;
      }
    }
    int first = Math.max(0, published - window);
    StringBuilder b = new StringBuilder();
    b.append("#EXTM3U\n#EXT-X-VERSION:3\n");
    b.append("#EXT-X-TARGETDURATION:").append((int) Math.ceil(targetDuration)).append('\n');
    b.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
    for (int i = first; i < published; i++) {
      Seg s = segments.get(i);
      b.append(String.format(Locale.ROOT, "#EXTINF:%.6f,\n", s.duration()))
          .append(s.name())
          .append('\n');
    }
    if (endWhenDone && published == segments.size()) {
      b.append("#EXT-X-ENDLIST\n");
    }
    return b.toString();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      while (stalled) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
      String name = ex.getRequestURI().getPath();
      name = name.startsWith("/") ? name.substring(1) : name;
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        send(ex, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (name.equals("live.m3u8")) {
        playlistRequests++;
        byte[] body =
            brokenPlaylist
                ? "<html>502 Bad Gateway</html>\n\u0000\u0001garbage"
                    .getBytes(StandardCharsets.UTF_8)
                : livePlaylist().getBytes(StandardCharsets.UTF_8);
        send(ex, 200, "application/vnd.apple.mpegurl", body);
        return;
      }
      if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
        send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Path f = dir.resolve(name);
      if (!Files.isRegularFile(f)) {
        send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String type =
          name.endsWith(".m3u8")
              ? "application/vnd.apple.mpegurl"
              : name.endsWith(".ts")
                  ? "video/mp2t"
                  : name.endsWith(".flv") ? "video/x-flv" : "application/octet-stream";
      send(ex, 200, type, Files.readAllBytes(f));
    }
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  /** The directory served. */
  public Path dir() {
    return Objects.requireNonNull(dir);
  }
}
