package io.liveguard.media.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A decoded video frame: {@code width × height} pixels, packed RGB, row-major, 3 bytes a pixel.
 *
 * <p>Frames come from ffmpeg ({@code -pix_fmt rgb24}) or from an image file. Decoding refuses
 * images larger than {@link #MAX_PIXELS} before allocating their pixels, so a hostile "enormous"
 * frame costs a header read, not gigabytes.
 */
public record Frame(int width, int height, byte[] rgb) {

  /** The largest frame accepted: 8192 × 8192 pixels (8K is 7680 × 4320). */
  public static final long MAX_PIXELS = 8192L * 8192L;

  public Frame {
    Objects.requireNonNull(rgb, "rgb");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size " + width + "x" + height + " is empty");
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "frame " + width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "rgb length " + rgb.length + " is not " + width + "x" + height + "x3");
    }
  }

  /**
   * Reads a PNG/JPEG/BMP file, checking its declared size before decoding the pixels.
   *
   * @throws IOException if the file is not a readable image or declares too many pixels
   */
  public static Frame read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      if (iis == null) {
        throw new IOException(file + ": 无法读取图像");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new IOException(file + ": 不是可识别的图像（PNG/JPEG/BMP）");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > MAX_PIXELS) {
          throw new IOException(file + ": 图像 " + w + "x" + h + " 超过上限 " + MAX_PIXELS + " 像素，拒绝解码");
        }
        return of(reader.read(0));
      } finally {
        reader.dispose();
      }
    }
  }

  /** Copies a {@link BufferedImage} into a frame. */
  public static Frame of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      rgb[3 * i] = (byte) (p >> 16);
      rgb[3 * i + 1] = (byte) (p >> 8);
      rgb[3 * i + 2] = (byte) p;
    }
    return new Frame(w, h, rgb);
  }

  /** The frame as an image (for writing evidence stills). */
  public BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[width * height];
    for (int i = 0; i < px.length; i++) {
      px[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
    }
    img.setRGB(0, 0, width, height, px, 0, width);
    return img;
  }
}
