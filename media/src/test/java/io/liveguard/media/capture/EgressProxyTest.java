package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EgressProxyTest {
  HttpServer origin;
  final List<String> connectionHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void origin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/hello",
        x -> {
          connectionHeaders.add(String.valueOf(x.getRequestHeaders().getFirst("Connection")));
          byte[] body = ("hi " + x.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(body);
          }
        });
    origin.start();
  }

  @AfterEach
  void stop() {
    origin.stop(0);
  }

  String originUrl(String path) {
    return "http://127.0.0.1:" + origin.getAddress().getPort() + path;
  }

  /** Sends {@code request} to the proxy as raw bytes and returns everything it answers. */
  static String raw(EgressProxy p, String request) throws IOException {
    try (Socket s = new Socket(p.address().getAddress(), p.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void anAllowedHostIsFetchedOneRequestPerConnection() throws Exception {
    try (EgressProxy p = EgressProxy.start(InetAddress::isLoopbackAddress)) {
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(p.address())).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(originUrl("/hello?token=s3cret"))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hi token=s3cret");
      assertThat(connectionHeaders).containsExactly("close");
      assertThat(p.forwarded()).isEqualTo(1);
      assertThat(p.refusals()).isEmpty();
      assertThat(p.url()).matches("http://127\\.0\\.0\\.1:[0-9]+");
    }
  }

  @Test
  void aHostResolvingToAnAddressThePolicyRefusesIsNeverContacted() throws Exception {
    try (EgressProxy p = EgressProxy.start(a -> false)) {
      String answer =
          raw(
              p,
              "GET " + originUrl("/hello?token=s3cret") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 403 ");
      assertThat(connectionHeaders).isEmpty();
      assertThat(p.refusals()).hasSize(1);
      // the refusal names the host and the address, never the URL with its token
      assertThat(p.refusals().get(0)).contains("127.0.0.1").doesNotContain("s3cret");
    }
  }

  @Test
  void aTunnelIsBoundToTheCheckedHost() throws Exception {
    try (EgressProxy p = EgressProxy.start(InetAddress::isLoopbackAddress)) {
      int port = origin.getAddress().getPort();
      try (Socket s = new Socket(p.address().getAddress(), p.address().getPort())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String established = new String(EgressProxy.readHead(in), StandardCharsets.US_ASCII);
        assertThat(established).startsWith("HTTP/1.1 200 ");
        out.write(
            "GET /hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("hi x=1");
      }
      // the cloud metadata address is refused before any connection is attempted
      assertThat(raw(p, "CONNECT 169.254.169.254:443 HTTP/1.1\r\nHost: x\r\n\r\n"))
          .startsWith("HTTP/1.1 403 ");
      assertThat(p.refusals()).anyMatch(r -> r.startsWith("169.254.169.254: resolves to"));
    }
  }

  @Test
  void malformedOversizedAndOtherMethodsAreRefusedWithTheirStatus() throws Exception {
    try (EgressProxy p = EgressProxy.start(InetAddress::isLoopbackAddress)) {
      assertThat(raw(p, "POST " + originUrl("/hello") + " HTTP/1.1\r\nHost: a\r\n\r\n"))
          .startsWith("HTTP/1.1 405 ");
      assertThat(raw(p, "this is not http\r\n\r\n")).startsWith("HTTP/1.1 400 ");
      assertThat(raw(p, "GET /relative HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 400 ");
      assertThat(raw(p, "GET file:///etc/passwd HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
      assertThat(raw(p, "GET http://user:pw@127.0.0.1/ HTTP/1.1\r\n\r\n"))
          .startsWith("HTTP/1.1 400 ");
      assertThat(raw(p, "CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
      assertThat(raw(p, "GET " + originUrl("/hello") + " HTTP/1.1\r\nX: " + "a".repeat(20_000)))
          .startsWith("HTTP/1.1 431 ");
      assertThat(raw(p, "GET http://no-such-host.invalid/ HTTP/1.1\r\n\r\n"))
          .startsWith("HTTP/1.1 403 ");
      assertThat(p.refusals()).anyMatch(r -> r.equals("no-such-host.invalid: does not resolve"));
      assertThat(connectionHeaders).isEmpty();
    }
  }
}
