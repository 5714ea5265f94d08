package io.liveguard.evidence.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.evidence.SharedTestData;
import io.liveguard.evidence.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointVectorsTest {

  private final Path dir = SharedTestData.dir("checkpoint");

  private JsonObject vectors() throws Exception {
    return JsonObject.parse(Files.readAllBytes(dir.resolve("vectors.json")), "vectors");
  }

  private String file(String name) throws Exception {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void verifiesThePublishedNotesWithTheirKeys() throws Exception {
    List<Object> valid = vectors().array("signed_notes_valid");
    assertThat(valid).hasSize(2);
    for (Object o : valid) {
      JsonObject v = new JsonObject(o, "valid");
      SignedNote note =
          SignedNote.parse(file(v.string("note_file")).getBytes(StandardCharsets.UTF_8));
      NoteVerifier key = NoteKeys.parseVerifier(file(v.string("vkey_file")));
      assertThat(String.format("%08x", key.keyId())).isEqualTo(v.string("key_id"));
      assertThat(note.verify(List.of(key)).signedBy(key)).as(v.string("desc")).isTrue();
      assertThat(note.toBytes())
          .isEqualTo(file(v.string("note_file")).getBytes(StandardCharsets.UTF_8));
      if (v.has("checkpoint")) {
        JsonObject c = v.object("checkpoint");
        Checkpoint cp = Checkpoint.parse(note.text());
        assertThat(cp.origin()).isEqualTo(c.string("origin"));
        assertThat(cp.size()).isEqualTo(c.integer("size"));
        assertThat(Base64.getEncoder().encodeToString(cp.rootHash()))
            .isEqualTo(c.string("root_hash_b64"));
      }
    }
  }

  @Test
  void parsesTheSpecExamplesIncludingTheWitnessCosignature() throws Exception {
    for (Object o : vectors().array("signed_notes_parse_only")) {
      JsonObject v = new JsonObject(o, "parse_only");
      SignedNote note =
          SignedNote.parse(file(v.string("note_file")).getBytes(StandardCharsets.UTF_8));
      List<Object> sigs = v.array("signatures");
      assertThat(note.signatures()).hasSize(sigs.size());
      for (int i = 0; i < sigs.size(); i++) {
        JsonObject s = new JsonObject(sigs.get(i), "sig");
        NoteSignature got = note.signatures().get(i);
        assertThat(got.name()).isEqualTo(s.string("name"));
        assertThat(got.keyIdHex()).isEqualTo(s.string("key_id"));
        assertThat(got.signature().length + 4).isEqualTo((int) s.integer("sig_len"));
        if (s.has("cosignature_timestamp")) {
          assertThat(NoteKeys.cosignatureTime(got.signature()))
              .isEqualTo(s.integer("cosignature_timestamp"));
          byte[] msg =
              NoteKeys.cosignedMessage(note.textBytes(), s.integer("cosignature_timestamp"));
          assertThat(msg)
              .isEqualTo(Files.readAllBytes(dir.resolve(v.string("cosigned_message_file"))));
        }
      }
      if (v.has("checkpoint")) {
        Checkpoint cp = Checkpoint.parse(note.text());
        assertThat(cp.origin()).isEqualTo(v.object("checkpoint").string("origin"));
        assertThat(cp.size()).isEqualTo(v.object("checkpoint").integer("size"));
      }
    }
  }

  @Test
  void rejectsEveryDerivedInvalidNoteForTheRightReason() throws Exception {
    List<Object> invalid = vectors().array("signed_notes_invalid_derived");
    assertThat(invalid).hasSize(10);
    for (Object o : invalid) {
      JsonObject v = new JsonObject(o, "invalid");
      NoteVerifier key = NoteKeys.parseVerifier(file(v.string("vkey_file")));
      byte[] bytes = v.string("note").getBytes(StandardCharsets.UTF_8);
      String expect = v.string("expect");
      if (expect.equals("malformed")) {
        assertThatThrownBy(() -> SignedNote.parse(bytes))
            .as(v.string("desc"))
            .isInstanceOf(NoteFormatException.class);
        continue;
      }
      SignedNote.NoteVerification r = SignedNote.parse(bytes).verify(List.of(key));
      assertThat(r.signedBy(key)).as(v.string("desc")).isFalse();
      if (expect.equals("bad_signature")) {
        assertThat(r.failed()).as(v.string("desc")).isNotEmpty();
      } else {
        assertThat(r.failed()).as(v.string("desc")).isEmpty();
        assertThat(r.verified()).as(v.string("desc")).isEmpty();
      }
    }
  }

  @Test
  void parsesCheckpointBodiesLikeTheReferenceLibrary() throws Exception {
    for (Object o : vectors().array("checkpoint_bodies")) {
      JsonObject v = new JsonObject(o, "body");
      String body = v.string("body");
      if (Boolean.TRUE.equals(v.map().get("wantErr"))) {
        assertThatThrownBy(() -> Checkpoint.parse(body, false))
            .as(v.string("desc"))
            .isInstanceOf(NoteFormatException.class);
        continue;
      }
      Checkpoint c = Checkpoint.parse(body, false);
      assertThat(c.origin()).isEqualTo(v.string("origin"));
      assertThat(c.size()).isEqualTo(v.integer("size"));
      assertThat(Base64.getEncoder().encodeToString(c.rootHash())).isEqualTo(v.string("hash_b64"));
      String rest = String.join("", c.extensions().stream().map(l -> l + "\n").toList());
      assertThat(rest).isEqualTo(v.string("rest"));
      assertThat(c.text()).isEqualTo(body);
      if (v.integer("hash_len") != 32) {
        assertThatThrownBy(() -> Checkpoint.parse(body)).isInstanceOf(NoteFormatException.class);
      }
    }
  }

  @Test
  void vectorsFileListsTheExpectedSections() throws Exception {
    Map<String, Object> m = vectors().map();
    assertThat(m)
        .containsKeys(
            "signed_notes_valid",
            "signed_notes_parse_only",
            "signed_notes_invalid_derived",
            "checkpoint_bodies");
  }
}
