package io.liveguard.media.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameChangeTest {

  static Frame frame(String banner, long noiseSeed) {
    BufferedImage img = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0x2b4f7a));
    g.fillRect(0, 0, 1280, 720);
    if (banner != null) {
      g.setColor(new Color(0xd01020));
      g.fillRect(300, 560, 600, 70);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
      g.drawString(banner, 320, 615);
    }
    g.dispose();
    Frame f = Frame.of(img);
    Random r = new Random(noiseSeed);
    byte[] rgb = f.rgb();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xff) + r.nextInt(7) - 3));
    }
    return f;
  }

  @Test
  void ignoresNoiseAndSeesABannerComeAndGo() {
    FrameChange c = new FrameChange();
    assertThat(c.changed(frame(null, 1))).isTrue();
    assertThat(c.changed(frame(null, 2))).isFalse();
    assertThat(c.changed(frame("SALE 99", 3))).isTrue();
    assertThat(c.changed(frame("SALE 99", 4))).isFalse();
    assertThat(c.changed(frame("SALE 19", 5))).isTrue();
    assertThat(c.changed(frame(null, 6))).isTrue();
  }

  @Test
  void readsAStillPictureAgainAfterMaxUnchangedFrames() {
    FrameChange c = new FrameChange(10, 2, 3);
    assertThat(c.changed(frame("SALE", 1))).isTrue();
    assertThat(c.changed(frame("SALE", 2))).isFalse();
    assertThat(c.changed(frame("SALE", 3))).isFalse();
    assertThat(c.changed(frame("SALE", 4))).isFalse();
    assertThat(c.changed(frame("SALE", 5))).isTrue();
    assertThat(c.changed(frame("SALE", 6))).isFalse();
  }

  @Test
  void comparesWithTheLastFrameReadSoSlowDriftIsCaught() {
    FrameChange c = new FrameChange(10, 2, 100);
    assertThat(c.changed(frame(null, 1))).isTrue();
    // a fade in steps of 5 grey levels: each step alone is small, the sum is not
    Frame base = frame(null, 1);
    boolean seen = false;
    for (int step = 1; step <= 6 && !seen; step++) {
      byte[] rgb = base.rgb().clone();
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (byte) Math.min(255, (rgb[i] & 0xff) + 5 * step);
      }
      seen = c.changed(new Frame(1280, 720, rgb));
    }
    assertThat(seen).isTrue();
  }
}
