package io.liveguard.media.capture;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The only way out for ffmpeg's HTTP: a forward proxy on the loopback interface that checks where
 * every request goes. A stream address is checked before a worker starts, but ffmpeg then follows
 * what the stream itself names — an HLS playlist's segments, variants and keys, redirects — and
 * resolves host names again. With {@code http_proxy} pointing here, each of those requests (plain
 * {@code GET}/{@code HEAD} with an absolute URL, or {@code CONNECT host:port} for HTTPS) is
 * resolved once by this proxy, refused with 403 unless every address of the host is allowed by the
 * policy, and connected to the address that was checked — so a playlist naming {@code
 * 169.254.169.254} or an internal service, and a name re-bound to a private address between the
 * check and the fetch (DNS rebinding), are both stopped.
 *
 * <p>Plain HTTP is forwarded one request per connection ({@code Connection: close}), so a
 * kept-alive client connection cannot be steered to a second host; a CONNECT tunnel is bound to the
 * checked host for its life. Other methods get 405, a malformed request 400, a request head over
 * {@value #MAX_HEAD} bytes 431, more than {@value #MAX_CONNECTIONS} connections at once 503. The
 * log and {@link #refusals()} name only the host and the reason, never the URL (it may carry a
 * token).
 *
 * <p>Plain RTMP, which ffmpeg cannot send through an HTTP proxy, goes through a {@link #tunnel}: a
 * loopback port whose connections are checked and pinned the same way (RTMPS needs none: ffmpeg's
 * TLS layer takes {@code http_proxy} and arrives here as a CONNECT).
 */
public final class EgressProxy implements Closeable {
  /** Longest request head accepted. */
  static final int MAX_HEAD = 16 * 1024;

  /** Most connections served at once. */
  static final int MAX_CONNECTIONS = 64;

  /** Refusals remembered for {@link #refusals()}. */
  static final int MAX_REFUSALS = 100;

  private static final System.Logger log = System.getLogger(EgressProxy.class.getName());
  private static final int TIMEOUT_MS = 10_000;

  private final Predicate<InetAddress> allowed;
  private final ServerSocket server;
  private final ExecutorService pool;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final AtomicLong forwarded = new AtomicLong();
  private final ArrayDeque<String> refusals = new ArrayDeque<>();
  private final Set<Tunnel> tunnels = new HashSet<>();
  private volatile boolean closed;

  private EgressProxy(Predicate<InetAddress> allowed, ServerSocket server) {
    this.allowed = allowed;
    this.server = server;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "egress-proxy-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a proxy on a free loopback port.
   *
   * @param allowed whether a destination address may be reached; a host is reached only if every
   *     address it resolves to is allowed
   */
  public static EgressProxy start(Predicate<InetAddress> allowed) throws IOException {
    Objects.requireNonNull(allowed, "allowed");
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    EgressProxy p = new EgressProxy(allowed, s);
    Thread accept = new Thread(p::acceptLoop, "egress-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return p;
  }

  /** The proxy's address, for {@code http_proxy=http://HOST:PORT}. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** The value of ffmpeg's {@code http_proxy} for this proxy. */
  public String url() {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  /** Requests and tunnels let through since start. */
  public long forwarded() {
    return forwarded.get();
  }

  /** The latest refusals, oldest first: {@code host: reason}. */
  public List<String> refusals() {
    synchronized (refusals) {
      return new ArrayList<>(refusals);
    }
  }

  /**
   * A loopback port whose every connection is carried to {@code host:port}: for what ffmpeg cannot
   * send through an HTTP proxy (plain RTMP opens its TCP connection itself). Each connection
   * resolves and checks the host anew, exactly as a proxied request does, and is connected to the
   * address that was checked; a refused host gets its connection closed and a line in {@link
   * #refusals()}. Close the tunnel when the capture ends; closing the proxy closes it too.
   */
  public Tunnel tunnel(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("tunnel to " + host + ":" + port);
    }
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    Tunnel t = new Tunnel(s, unbracket(host), port);
    synchronized (tunnels) {
      if (closed) {
        s.close();
        throw new IOException("the egress proxy is closed");
      }
      tunnels.add(t);
    }
    Thread accept = new Thread(t::acceptLoop, "egress-tunnel-" + s.getLocalPort());
    accept.setDaemon(true);
    accept.start();
    return t;
  }

  /** A loopback port carried to one checked host and port ({@link #tunnel}). */
  public final class Tunnel implements Closeable {
    private final ServerSocket listener;
    private final String host;
    private final int port;

    private Tunnel(ServerSocket listener, String host, int port) {
      this.listener = listener;
      this.host = host;
      this.port = port;
    }

    /** The loopback port to connect to instead of {@code host:port}. */
    public int localPort() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      synchronized (tunnels) {
        tunnels.remove(this);
      }
      listener.close();
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        Socket client;
        try {
          client = listener.accept();
        } catch (IOException e) {
          return; // closed
        }
        // turned away by closing: the client speaks RTMP, not HTTP
        dispatch(client, this::carry, EgressProxy::closeQuietly);
      }
    }

    private void carry(Socket client) throws IOException {
      InetAddress to = destination(host);
      if (to == null) {
        return; // refused and recorded: the client sees its connection closed
      }
      try (Socket upstream = connect(to, port)) {
        if (upstream == null) {
          return;
        }
        forwarded.incrementAndGet();
        pipe(client, upstream, true);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    List<Tunnel> open;
    synchronized (tunnels) {
      open = new ArrayList<>(tunnels);
    }
    for (Tunnel t : open) {
      t.close();
    }
    pool.shutdownNow();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.log(System.Logger.Level.WARNING, "egress proxy stopped accepting: " + e);
        }
        return;
      }
      dispatch(client, this::serve, c -> answerQuietly(c, 503, "Service Unavailable"));
    }
  }

  /** What a connection is for: a proxied request or a tunnel's stream. */
  private interface Handler {
    void handle(Socket client) throws IOException;
  }

  /**
   * Runs {@code handler} on {@code client} in the pool, within the limit of {@value
   * #MAX_CONNECTIONS} connections shared by the proxy and its tunnels; over the limit, or once the
   * proxy is closing, {@code turnAway} gets the client instead.
   */
  private void dispatch(Socket client, Handler handler, Consumer<Socket> turnAway) {
    if (!slots.tryAcquire()) {
      turnAway.accept(client);
      return;
    }
    try {
      pool.execute(
          () -> {
            try (client) {
              handler.handle(client);
            } catch (IOException e) {
              log.log(System.Logger.Level.DEBUG, "egress connection ended: " + e);
            } finally {
              slots.release();
            }
          });
    } catch (RuntimeException e) { // rejected: the proxy is closing
      slots.release();
      turnAway.accept(client);
    }
  }

  /** A parsed request head. */
  record Head(String method, String target, String version, List<String> headers) {}

  private void serve(Socket client) throws IOException {
    client.setSoTimeout(TIMEOUT_MS);
    InputStream in = client.getInputStream();
    OutputStream out = client.getOutputStream();
    byte[] raw = readHead(in);
    if (raw == null) {
      answer(out, 431, "Request Header Fields Too Large");
      return;
    }
    Head head = parse(new String(raw, StandardCharsets.ISO_8859_1));
    if (head == null) {
      answer(out, 400, "Bad Request");
      return;
    }
    String method = head.method().toUpperCase(Locale.ROOT);
    if (method.equals("CONNECT")) {
      tunnel(client, head);
    } else if (method.equals("GET") || method.equals("HEAD")) {
      forward(client, head);
    } else {
      answer(out, 405, "Method Not Allowed");
    }
  }

  private void tunnel(Socket client, Head head) throws IOException {
    String target = head.target();
    int colon = target.lastIndexOf(':');
    int port;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    String host = colon < 0 ? "" : unbracket(target.substring(0, colon));
    if (host.isEmpty() || port < 1 || port > 65535) {
      answer(client.getOutputStream(), 400, "Bad Request");
      return;
    }
    try (Socket upstream = upstream(client, host, port)) {
      if (upstream == null) {
        return;
      }
      client
          .getOutputStream()
          .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      forwarded.incrementAndGet();
      pipe(client, upstream, true);
    }
  }

  private void forward(Socket client, Head head) throws IOException {
    URI uri;
    try {
      uri = new URI(head.target());
    } catch (URISyntaxException e) {
      answer(client.getOutputStream(), 400, "Bad Request");
      return;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      answer(client.getOutputStream(), 400, "Bad Request");
      return;
    }
    String host = unbracket(uri.getHost());
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    try (Socket upstream = upstream(client, host, port)) {
      if (upstream == null) {
        return;
      }
      StringBuilder req = new StringBuilder();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path += "?" + uri.getRawQuery();
      }
      req.append(head.method()).append(' ').append(path).append(' ').append(head.version());
      req.append("\r\n");
      boolean hostSeen = false;
      for (String h : head.headers()) {
        String name = h.substring(0, h.indexOf(':')).strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("proxy-") || name.equals("connection") || name.equals("keep-alive")) {
          continue;
        }
        hostSeen |= name.equals("host");
        req.append(h).append("\r\n");
      }
      if (!hostSeen) {
        req.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      upstream.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      upstream.getOutputStream().flush();
      forwarded.incrementAndGet();
      // One request per connection: what the server answers goes back, then both close.
      pipe(client, upstream, false);
    }
  }

  /**
   * A connection to the checked address of {@code host}, or null once the client has been answered
   * 403 (the host is refused) or 502 (it cannot be reached).
   */
  private Socket upstream(Socket client, String host, int port) throws IOException {
    InetAddress to = destination(host);
    if (to == null) {
      answer(client.getOutputStream(), 403, "Forbidden");
      return null;
    }
    Socket upstream = connect(to, port);
    if (upstream == null) {
      answer(client.getOutputStream(), 502, "Bad Gateway");
    }
    return upstream;
  }

  /**
   * The checked address to connect to for {@code host}, or null (refusal recorded) when the host
   * does not resolve or any of its addresses is not allowed.
   */
  InetAddress destination(String host) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      refuse(host, "does not resolve");
      return null;
    }
    for (InetAddress a : all) {
      if (!allowed.test(a)) {
        refuse(host, "resolves to " + a.getHostAddress() + ", which is not allowed");
        return null;
      }
    }
    return all.length == 0 ? null : all[0];
  }

  private void refuse(String host, String why) {
    String line = host + ": " + why;
    log.log(System.Logger.Level.WARNING, "egress proxy refused " + line);
    synchronized (refusals) {
      refusals.addLast(line);
      while (refusals.size() > MAX_REFUSALS) {
        refusals.removeFirst();
      }
    }
  }

  private static Socket connect(InetAddress to, int port) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(to, port), TIMEOUT_MS);
      return s;
    } catch (IOException e) {
      closeQuietly(s);
      return null;
    }
  }

  /**
   * Copies upstream → client until the server closes; with {@code both}, client → upstream as well
   * (a tunnel). The client's side of a plain request is not read again: a second request on it
   * would go to the host already checked, so it is simply not forwarded.
   */
  private void pipe(Socket client, Socket upstream, boolean both) throws IOException {
    // A live stream may pause between segments; the read timeout only guards a dead peer.
    upstream.setSoTimeout(0);
    client.setSoTimeout(0);
    Thread up = null;
    if (both) {
      up =
          new Thread(
              () -> {
                try {
                  client.getInputStream().transferTo(upstream.getOutputStream());
                } catch (IOException ignored) {
                  // either side closed
                } finally {
                  try {
                    upstream.shutdownOutput();
                  } catch (IOException ignored) {
                    // already closed
                  }
                }
              },
              Thread.currentThread().getName() + "-up");
      up.setDaemon(true);
      up.start();
    }
    try {
      upstream.getInputStream().transferTo(client.getOutputStream());
    } catch (SocketException ignored) {
      // either side closed
    } finally {
      client.close();
      upstream.close();
    }
  }

  /** Reads up to the blank line; null when the head is longer than {@link #MAX_HEAD}. */
  static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    int state = 0; // matched bytes of \r\n\r\n
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.toByteArray();
      }
      if (b.size() >= MAX_HEAD) {
        return null;
      }
      b.write(c);
      if (c == '\r' && (state == 0 || state == 2)) {
        state++;
      } else if (c == '\n' && (state == 1 || state == 3)) {
        if (++state == 4) {
          return b.toByteArray();
        }
      } else {
        state = c == '\r' ? 1 : 0;
      }
    }
  }

  /** Parses a request head; null if it is not one. */
  static Head parse(String text) {
    String[] lines = text.split("\r\n", -1);
    if (lines.length < 1) {
      return null;
    }
    String[] first = lines[0].split(" ", -1);
    if (first.length != 3
        || !first[0].matches("[A-Za-z]{1,16}")
        || first[1].isEmpty()
        || !first[2].matches("HTTP/1\\.[01]")) {
      return null;
    }
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      int colon = l.indexOf(':');
      if (colon < 1) {
        return null;
      }
      for (int k = 0; k < l.length(); k++) {
        char c = l.charAt(k);
        if (c < 0x20 && c != '\t') {
          return null;
        }
      }
      headers.add(l);
    }
    return new Head(first[0], first[1], first[2], List.copyOf(headers));
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static void answer(OutputStream out, int status, String reason) throws IOException {
    out.write(
        ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void answerQuietly(Socket s, int status, String reason) {
    try (s) {
      answer(s.getOutputStream(), status, reason);
    } catch (IOException ignored) {
      // the client is gone
    }
  }
}
