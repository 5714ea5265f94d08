package io.liveguard.media.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.testmedia.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpOcrTest {

  static PpOcr ocr;
  static Ffmpeg ffmpeg;

  @BeforeAll
  static void load() throws Exception {
    ocr = PpOcr.load(ModelStore.defaultStore(), 2);
    ffmpeg = Ffmpeg.locate();
  }

  @AfterAll
  static void close() {
    ocr.close();
  }

  static Frame still(Path dir, String banner, int w, int h) throws Exception {
    Path video =
        new TestMedia(ffmpeg)
            .video(
                dir.resolve("v.mp4"), w, h, 1.2, List.of(TestMedia.Banner.of(banner, 0, 2)), null);
    Path png = dir.resolve("f.png");
    ffmpeg.run(
        List.of("-y", "-ss", "0.5", "-i", video.toString(), "-frames:v", "1", png.toString()), 60);
    return Frame.read(png);
  }

  @Test
  void readsABurnedInChineseBannerWithItsBox(@TempDir Path dir) throws Exception {
    Frame f = still(dir, "全网最低价 仅限今天", 1280, 720);
    List<TextLine> lines = ocr.read(f);
    String all = String.join("|", lines.stream().map(TextLine::text).toList());
    assertThat(all.replace(" ", "")).contains("全网最低价").contains("仅限今天");
    TextLine first = lines.get(0);
    // the banner is drawn in the lower part of the frame
    assertThat(first.box().y()).isGreaterThan(720 / 2);
    assertThat(first.confidence()).isGreaterThan(0.5);
  }

  @Test
  void readsPriceTagsWithYuanSign(@TempDir Path dir) throws Exception {
    Frame f = still(dir, "到手价 ¥99.9", 1280, 720);
    String text = String.join(" ", ocr.read(f).stream().map(TextLine::text).toList());
    assertThat(text).contains("99.9");
  }

  @Test
  void findsNothingOnAnEmptyFrame() throws Exception {
    byte[] rgb = new byte[640 * 360 * 3];
    java.util.Arrays.fill(rgb, (byte) 90);
    assertThat(ocr.read(new Frame(640, 360, rgb))).isEmpty();
  }

  @Test
  void refusesAnEnormousImageBeforeDecodingIt(@TempDir Path dir) throws Exception {
    // a PNG header declaring 100000 x 100000 pixels: refused from the header alone
    Path png = dir.resolve("huge.png");
    java.awt.image.BufferedImage small =
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(small, "png", png.toFile());
    byte[] b = Files.readAllBytes(png);
    // IHDR width and height live at bytes 16..23; the CRC is not checked before the size is read
    java.nio.ByteBuffer.wrap(b, 16, 8).putInt(100_000).putInt(100_000);
    Files.write(png, b);
    assertThatThrownBy(() -> Frame.read(png))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("超过上限");
  }

  @Test
  void refusesANonImage(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("not-an-image.png");
    Files.writeString(f, "<html>hello</html>");
    assertThatThrownBy(() -> Frame.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("不是可识别的图像");
  }
}
