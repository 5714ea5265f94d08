package io.liveguard.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.media.capture.MediaSource;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile stream addresses: each is refused with the reason a user can act on. */
class StreamSourcesTest {
  static final StreamSources.Policy PUBLIC_ONLY = new StreamSources.Policy(false, false, null);

  static String refusal(String text, StreamSources.Policy policy) {
    try {
      StreamSources.check(text, policy);
    } catch (StreamSources.Refused e) {
      return e.code;
    }
    return "accepted";
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '¦',
      value = {
        "file:///etc/passwd¦file-url",
        "FILE:/etc/passwd¦file-url",
        "concat:http://1.1.1.1/a.ts|http://1.1.1.1/b.ts¦scheme",
        "subfile,,start,0,end,0,,:/etc/passwd¦not-a-url",
        "subfile:/etc/passwd¦scheme",
        "pipe:0¦scheme",
        "data:video/mp2t;base64,AAAA¦scheme",
        "hls+http://1.1.1.1/a.m3u8¦scheme",
        "crypto:http://1.1.1.1/a¦scheme",
        "tcp://1.1.1.1:80¦scheme",
        "udp://1.1.1.1:1234¦scheme",
        "gopher://1.1.1.1/¦scheme",
        "ftp://1.1.1.1/a.flv¦scheme",
        "/etc/passwd¦files-not-allowed",
        "../../etc/passwd¦not-a-url",
        "-i /etc/passwd¦bad-characters",
        "http://user:secret@1.1.1.1/live.m3u8¦credentials",
        "rtmp://token@1.1.1.1/app/s¦credentials",
        "http://127.0.0.1:8080/live.m3u8¦host-loopback",
        "http://localhost/live.m3u8¦host-loopback",
        "http://[::1]/live.m3u8¦host-loopback",
        "http://169.254.169.254/latest/meta-data/¦host-private",
        "http://10.0.0.5/live.m3u8¦host-private",
        "http://192.168.1.1/live.m3u8¦host-private",
        "http://172.16.3.4/live.m3u8¦host-private",
        "http://100.64.0.1/live.m3u8¦host-private",
        "http://0.0.0.0/live.m3u8¦host-private",
        "http://[fd00::1]/live.m3u8¦host-private",
        "http://[::ffff:169.254.169.254]/¦host-private",
        "http:///live.m3u8¦no-host",
        "http:live.m3u8¦no-host",
        "http://1.1.1.1/live.m3u8#x¦fragment",
        "http://1.1.1.1/a b.m3u8¦bad-characters",
        "http://1.1.1.1/直播.m3u8¦bad-characters",
        "http://1.1.1.1/a\u0000.m3u8¦bad-characters",
        "http://no-such-host.invalid/live.m3u8¦host-unresolved",
        "javascript:alert(1)¦scheme",
        "¦required",
      })
  void refusesHostileAddresses(String text, String code) {
    assertThat(refusal(text == null ? "" : text, PUBLIC_ONLY)).isEqualTo(code);
  }

  @Test
  void refusesOversizedAddressesWithoutEchoingThem() {
    String longUrl = "https://1.1.1.1/" + "a".repeat(StreamSources.MAX_LENGTH);
    assertThatThrownBy(() -> StreamSources.check(longUrl, PUBLIC_ONLY))
        .isInstanceOfSatisfying(
            StreamSources.Refused.class,
            e -> {
              assertThat(e.code).isEqualTo("too-long");
              assertThat(e.getMessage()).doesNotContain("aaaa");
            });
    assertThatThrownBy(
            () -> StreamSources.check("http://user:hunter2@1.1.1.1/live.m3u8", PUBLIC_ONLY))
        .isInstanceOfSatisfying(
            StreamSources.Refused.class,
            e ->
                assertThat(e.getMessage() + java.util.Arrays.toString(e.args))
                    .doesNotContain("hunter2"));
  }

  @Test
  void acceptsPublicStreamUrlsOfTheFourSchemes() throws Exception {
    for (String url :
        new String[] {
          "https://1.1.1.1/live/room-1/index.m3u8?auth_key=abc-123",
          "http://8.8.8.8:8080/live.flv",
          "rtmp://8.8.4.4/live/stream",
          "RTMPS://8.8.4.4:443/live/stream"
        }) {
      assertThat(StreamSources.check(url, PUBLIC_ONLY)).isEqualTo(url);
    }
    MediaSource hls = StreamSources.open("https://1.1.1.1/live/index.m3u8", PUBLIC_ONLY);
    assertThat(hls.kind()).isEqualTo(MediaSource.Kind.HLS);
    assertThat(hls.protocolWhitelist()).doesNotContain("file");
  }

  @Test
  void loopbackAndPrivateNetworksOnlyWhenTheOperatorAllowsThem() {
    var loopback = new StreamSources.Policy(true, false, null);
    assertThat(refusal("http://127.0.0.1:8080/live.m3u8", loopback)).isEqualTo("accepted");
    assertThat(refusal("http://10.0.0.5/live.m3u8", loopback)).isEqualTo("host-private");
    var lan = new StreamSources.Policy(false, true, null);
    assertThat(refusal("http://10.0.0.5/live.m3u8", lan)).isEqualTo("accepted");
    assertThat(refusal("http://127.0.0.1/live.m3u8", lan)).isEqualTo("host-loopback");
  }

  @Test
  void localFilesOnlyInsideTheMediaDirectory(@TempDir Path dir) throws Exception {
    Path media = Files.createDirectories(dir.resolve("media"));
    Path video = Files.writeString(media.resolve("room.mp4"), "x");
    Path outside = Files.writeString(dir.resolve("secret.mp4"), "x");
    Files.createSymbolicLink(media.resolve("link.mp4"), outside);
    var policy = new StreamSources.Policy(false, false, media);
    assertThat(StreamSources.check(video.toString(), policy))
        .isEqualTo(video.toRealPath().toString());
    assertThat(refusal(outside.toString(), policy)).isEqualTo("outside-media-dir");
    assertThat(refusal(media + "/../secret.mp4", policy)).isEqualTo("outside-media-dir");
    assertThat(refusal(media.resolve("link.mp4").toString(), policy))
        .isEqualTo("outside-media-dir");
    assertThat(refusal(media.resolve("none.mp4").toString(), policy)).isEqualTo("file-missing");
    assertThat(refusal(media.toString(), policy)).isEqualTo("file-missing");
    assertThat(refusal("file://" + video, policy)).isEqualTo("file-url");
    assertThat(refusal(media + "/concat:room.mp4", policy)).isEqualTo("bad-characters");
  }

  @Test
  void privateRangesAreRecognised() throws Exception {
    assertThat(StreamSources.isPrivate(InetAddress.getByName("169.254.169.254"))).isTrue();
    assertThat(StreamSources.isPrivate(InetAddress.getByName("100.100.100.200"))).isTrue();
    assertThat(StreamSources.isPrivate(InetAddress.getByName("fe80::1"))).isTrue();
    assertThat(StreamSources.isPrivate(InetAddress.getByName("255.255.255.255"))).isTrue();
    assertThat(StreamSources.isPrivate(InetAddress.getByName("1.1.1.1"))).isFalse();
    assertThat(StreamSources.isPrivate(InetAddress.getByName("2606:4700::1111"))).isFalse();
  }
}
