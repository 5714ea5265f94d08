package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSourceTest {

  @Test
  void classifiesLoopbackStreams() {
    assertThat(
            MediaSource.parse("http://127.0.0.1:8080/live/room.m3u8", MediaSource.Policy.LOCAL)
                .kind())
        .isEqualTo(MediaSource.Kind.HLS);
    assertThat(
            MediaSource.parse("http://localhost/live/room.flv?token=x", MediaSource.Policy.LOCAL)
                .kind())
        .isEqualTo(MediaSource.Kind.HTTP_FLV);
    assertThat(MediaSource.parse("rtmp://127.0.0.1/live/room", MediaSource.Policy.LOCAL).kind())
        .isEqualTo(MediaSource.Kind.RTMP);
    assertThat(MediaSource.parse("http://[::1]:9/a.m3u8", MediaSource.Policy.LOCAL).live())
        .isTrue();
  }

  @Test
  void refusesNonLoopbackHostsUnlessAllowed() {
    for (String url :
        new String[] {
          "http://10.0.0.5/live.m3u8",
          "https://192.168.1.1/x.flv",
          "rtmp://8.8.8.8/live/a",
          "http://169.254.169.254/latest/meta-data",
          "http://0x7f000001.example.invalid/a.m3u8"
        }) {
      assertThatThrownBy(() -> MediaSource.parse(url, MediaSource.Policy.LOCAL))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("allowRemote");
    }
    assertThat(MediaSource.parse("http://10.0.0.5/live.m3u8", MediaSource.Policy.REMOTE).kind())
        .isEqualTo(MediaSource.Kind.HLS);
  }

  @Test
  void refusesFileUrlsUnlessAllowedButAcceptsPlainPaths(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("a.mp4"), "x");
    assertThatThrownBy(() -> MediaSource.parse(f.toUri().toString(), MediaSource.Policy.REMOTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file:");
    assertThat(MediaSource.parse(f.toUri().toString(), new MediaSource.Policy(false, true)).kind())
        .isEqualTo(MediaSource.Kind.FILE);
    MediaSource plain = MediaSource.parse(f.toString(), MediaSource.Policy.LOCAL);
    assertThat(plain.kind()).isEqualTo(MediaSource.Kind.FILE);
    assertThat(plain.protocolWhitelist()).isEqualTo("file");
  }

  @Test
  void refusesOtherSchemesControlCharactersAndMissingFiles(@TempDir Path dir) {
    for (String bad :
        new String[] {
          "ftp://127.0.0.1/a.ts",
          "concat:a.ts|b.ts",
          "data:video/mp4;base64,AAAA",
          "gopher://127.0.0.1/",
          "http://127.0.0.1/a\n.m3u8",
          "",
          "http:///nohost.m3u8",
          dir.resolve("missing.mp4").toString(),
          dir.toString()
        }) {
      assertThatThrownBy(() -> MediaSource.parse(bad, MediaSource.Policy.REMOTE))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void hlsMayNotOpenFilesThroughItsPlaylist() {
    assertThat(
            MediaSource.parse("http://127.0.0.1/a.m3u8", MediaSource.Policy.LOCAL)
                .protocolWhitelist())
        .doesNotContain("file");
  }
}
