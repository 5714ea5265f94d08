package io.liveguard.platform.cases;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A small flowing-text PDF writer (A4, one column) with an embedded CJK font: headings, paragraphs
 * wrapped per character, label/value lines and monospaced-looking small print for digests.
 * Characters the font lacks are written as {@code ?} rather than failing the document.
 *
 * <p>The font is a TrueType font or one face of a TrueType collection ({@code .ttc}, e.g. Debian's
 * fonts-wqy-microhei); it is embedded as a subset, with a ToUnicode map so that the text extracts
 * back as the original characters. Not thread-safe: one writer per document.
 */
final class PdfWriter implements Closeable {
  static final float MARGIN = 50;
  static final float BODY = 9.5f;

  private final PDDocument doc = new PDDocument();
  private final TrueTypeCollection collection;
  private final PDType0Font font;
  private final Map<Integer, Boolean> glyphs = new HashMap<>();
  private final String footer;
  private PDPage page;
  private PDPageContentStream out;
  private float y;
  private int pages;

  PdfWriter(Path fontFile, String title, String footer) throws IOException {
    if (!Files.isReadable(fontFile)) {
      throw new IOException(
          "CJK font "
              + fontFile
              + " not found: install fonts-wqy-microhei (scripts/setup-system.sh) or set"
              + " liveguard.dossier.font to a TrueType font (.ttf or .ttc)");
    }
    TrueTypeFont ttf;
    if (fontFile.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
      collection = new TrueTypeCollection(fontFile.toFile());
      List<TrueTypeFont> faces = new ArrayList<>();
      collection.processAllFonts(faces::add);
      if (faces.isEmpty()) {
        throw new IOException("font collection " + fontFile + " holds no font");
      }
      ttf = faces.get(0);
    } else {
      collection = null;
      ttf =
          new org.apache.fontbox.ttf.TTFParser()
              .parse(new org.apache.pdfbox.io.RandomAccessReadBufferedFile(fontFile.toFile()));
    }
    font = PDType0Font.load(doc, ttf, true);
    this.footer = footer;
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(clean(title));
    info.setCreator("LiveGuard");
    newPage();
  }

  private void newPage() throws IOException {
    if (out != null) {
      out.close();
    }
    page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    pages++;
    out = new PDPageContentStream(doc, page);
    y = page.getMediaBox().getHeight() - MARGIN;
    text(MARGIN, 28, 7, footer + " · " + pages);
  }

  private float width() {
    return page.getMediaBox().getWidth() - 2 * MARGIN;
  }

  private void text(float x, float atY, float size, String s) throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset(x, atY);
    out.showText(s);
    out.endText();
  }

  /** Replaces what the font cannot draw (and control characters) so that showText never fails. */
  String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == '\t') {
                b.append(' ');
              } else if (Character.isISOControl(cp) || cp == 0xFEFF) {
                // dropped
              } else if (glyphs.computeIfAbsent(cp, this::drawable)) {
                b.appendCodePoint(cp);
              } else {
                b.append('?');
              }
            });
    return b.toString();
  }

  private boolean drawable(int cp) {
    try {
      // Throws for a character without a glyph in the embedded font.
      font.encode(new String(Character.toChars(cp)));
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  private List<String> wrap(String s, float size, float w) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String para : s.split("\n", -1)) {
      String p = clean(para);
      StringBuilder line = new StringBuilder();
      float lw = 0;
      int i = 0;
      while (i < p.length()) {
        int cp = p.codePointAt(i);
        String ch = new String(Character.toChars(cp));
        float cw = font.getStringWidth(ch) / 1000 * size;
        if (lw + cw > w && line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
          lw = 0;
        }
        line.append(ch);
        lw += cw;
        i += Character.charCount(cp);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private void lines(String s, float size, float indent) throws IOException {
    float lead = size * 1.45f;
    for (String l : wrap(s, size, width() - indent)) {
      if (y - lead < MARGIN) {
        newPage();
      }
      y -= lead;
      if (!l.isEmpty()) {
        text(MARGIN + indent, y, size, l);
      }
    }
  }

  void title(String s) throws IOException {
    lines(s, 16, 0);
    y -= 6;
  }

  void heading(String s) throws IOException {
    if (y - 40 < MARGIN) {
      newPage();
    }
    y -= 8;
    lines(s, 12, 0);
    y -= 2;
  }

  void subheading(String s) throws IOException {
    y -= 3;
    lines(s, 10.5f, 0);
  }

  void paragraph(String s) throws IOException {
    lines(s, BODY, 0);
  }

  void indented(String s) throws IOException {
    lines(s, BODY, 14);
  }

  void field(String label, String value) throws IOException {
    lines(label + "：" + (value == null || value.isEmpty() ? "—" : value), BODY, 0);
  }

  void small(String s) throws IOException {
    lines(s, 7, 14);
  }

  byte[] finish() throws IOException {
    out.close();
    out = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    doc.save(bytes);
    return bytes.toByteArray();
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
    doc.close();
    if (collection != null) {
      collection.close();
    }
  }
}
