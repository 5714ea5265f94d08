package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The application and tcUrl ffmpeg derives from an RTMP URL, and the URL through a tunnel. */
class RtmpAddressTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rtmp://live.example.com/live/room1 | live | rtmp://live.example.com:1935/live",
        "rtmp://live.example.com:1936/live/room1?token=a | live | rtmp://live.example.com:1936/live",
        "rtmp://h.example/app/inst/stream | app/inst | rtmp://h.example:1935/app/inst",
        "rtmp://h.example/vod/mp4:clips/a.mp4 | vod | rtmp://h.example:1935/vod",
        "rtmp://h.example/stream | '' | rtmp://h.example:1935/",
        "rtmp://h.example/ondemand/a/b | ondemand | rtmp://h.example:1935/ondemand",
        "rtmp://h.example/app/inst?slist=s1 | app/inst | rtmp://h.example:1935/app/inst",
        "rtmp://[2001:db8::1]:1940/live/x | live | rtmp://[2001:db8::1]:1940/live",
      })
  void theApplicationAndTcUrlAreFfmpegs(String url, String app, String tcUrl) {
    RtmpAddress a = RtmpAddress.parse(url);
    assertThat(a.app()).isEqualTo(app);
    assertThat(a.tcUrl()).isEqualTo(tcUrl);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rtmp://live.example.com/live/room1?token=a%2Fb | rtmp://127.0.0.1:40001/live/room1?token=a%2Fb",
        "rtmp://user:pw@h.example:1936/app/x | rtmp://user:pw@127.0.0.1:40001/app/x",
        "rtmp://[2001:db8::1]/live/x | rtmp://127.0.0.1:40001/live/x",
      })
  void throughATunnelOnlyTheAuthorityChanges(String url, String via) {
    assertThat(RtmpAddress.parse(url).via(40001)).isEqualTo(via);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rtmps://h.example/live/x",
        "http://h.example/live/x",
        "rtmp:///live/x",
        "rtmp://h.example/live/x#frag",
        "rtmp://h example/live"
      })
  void anythingButAPlainRtmpUrlWithAHostIsRefused(String url) {
    assertThatThrownBy(() -> RtmpAddress.parse(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "rtmp://[2001:db8::1]/live/x, 2001:db8::1, 1935",
    "rtmp://h.example:99/a/b, h.example, 99"
  })
  void hostAndPort(String url, String host, int port) {
    RtmpAddress a = RtmpAddress.parse(url);
    assertThat(a.host()).isEqualTo(host);
    assertThat(a.port()).isEqualTo(port);
  }
}
