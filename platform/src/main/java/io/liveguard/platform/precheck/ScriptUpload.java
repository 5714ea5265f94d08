package io.liveguard.platform.precheck;

import io.liveguard.detect.precheck.ScriptPrecheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/**
 * Reads an uploaded script: plain text (UTF-8, or UTF-16 with a byte-order mark) or a Word document
 * (.docx). Hostile files are refused with a reason the user can act on: too large, a zip bomb
 * (POI's inflation-ratio and entry-size guards), a legacy .doc, any other type, text that is not
 * UTF-8, or a script longer than the pre-check accepts.
 */
final class ScriptUpload {
  /** Largest upload accepted, in bytes. */
  static final int MAX_BYTES = 2 * 1024 * 1024;

  /** Largest uncompressed part of a .docx, in bytes. */
  static final long MAX_ENTRY_BYTES = 20L * 1024 * 1024;

  static {
    // Global POI guards; the platform reads .docx only here.
    ZipSecureFile.setMinInflateRatio(0.01);
    ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    ZipSecureFile.setMaxTextSize(4L * ScriptPrecheck.MAX_SCRIPT_LENGTH);
  }

  /** A script, or why the upload was refused: a message key of the precheck bundle and args. */
  sealed interface Outcome {}

  record Script(String text) implements Outcome {}

  record Refused(String key, Object... args) implements Outcome {}

  private ScriptUpload() {}

  static Outcome read(String filename, byte[] bytes) {
    String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT).strip();
    if (bytes.length == 0) {
      return new Refused("precheck.upload.empty");
    }
    if (bytes.length > MAX_BYTES) {
      return new Refused("precheck.upload.too-large", MAX_BYTES / (1024 * 1024));
    }
    boolean zip = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3;
    boolean ole2 =
        bytes.length >= 4
            && (bytes[0] & 0xff) == 0xD0
            && (bytes[1] & 0xff) == 0xCF
            && (bytes[2] & 0xff) == 0x11
            && (bytes[3] & 0xff) == 0xE0;
    Outcome o;
    if (name.endsWith(".docx")) {
      if (ole2) {
        return new Refused("precheck.upload.doc");
      }
      if (!zip) {
        return new Refused("precheck.upload.not-docx");
      }
      o = docx(bytes);
    } else if (name.endsWith(".txt") || name.endsWith(".text") || name.isEmpty()) {
      if (zip || ole2) {
        return new Refused("precheck.upload.type");
      }
      o = text(bytes);
    } else if (name.endsWith(".doc")) {
      return new Refused("precheck.upload.doc");
    } else {
      return new Refused("precheck.upload.type");
    }
    if (o instanceof Script s && s.text().length() > ScriptPrecheck.MAX_SCRIPT_LENGTH) {
      return new Refused("precheck.too-long", ScriptPrecheck.MAX_SCRIPT_LENGTH);
    }
    if (o instanceof Script s && s.text().isBlank()) {
      return new Refused("precheck.upload.no-text");
    }
    return o;
  }

  private static Outcome text(byte[] bytes) {
    Charset cs = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
      cs = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
      cs = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      skip = 3;
    }
    String s;
    try {
      s =
          cs.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
              .toString();
    } catch (CharacterCodingException e) {
      return new Refused("precheck.upload.not-utf8");
    }
    if (s.indexOf('\0') >= 0) {
      return new Refused("precheck.upload.type");
    }
    return new Script(s);
  }

  private static Outcome docx(byte[] bytes) {
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
      StringBuilder out = new StringBuilder();
      for (IBodyElement e : doc.getBodyElements()) {
        if (e instanceof XWPFParagraph p) {
          out.append(p.getText()).append('\n');
        } else if (e instanceof XWPFTable t) {
          out.append(t.getText()).append('\n');
        }
        if (out.length() > ScriptPrecheck.MAX_SCRIPT_LENGTH) {
          return new Refused("precheck.too-long", ScriptPrecheck.MAX_SCRIPT_LENGTH);
        }
      }
      return new Script(out.toString().stripTrailing());
    } catch (IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Zip bomb") || m.contains("exceeds the maximum") || m.contains("too large")) {
        return new Refused("precheck.upload.bomb");
      }
      return new Refused("precheck.upload.bad-docx");
    }
  }
}
