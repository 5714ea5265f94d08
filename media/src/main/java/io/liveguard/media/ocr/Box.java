package io.liveguard.media.ocr;

/** An axis-aligned rectangle in frame pixels: {@code [x, x + width) × [y, y + height)}. */
public record Box(int x, int y, int width, int height) {

  public Box {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative box size " + width + "x" + height);
    }
  }
}
