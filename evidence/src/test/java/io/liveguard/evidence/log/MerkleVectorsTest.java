package io.liveguard.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.SharedTestData;
import io.liveguard.evidence.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MerkleVectorsTest {

  static final String[] LEAVES = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"
  };
  static final String[] ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
  };

  @Test
  void rebuildsRfc6962ReferenceRootsForSizesOneToEight() {
    MemoryTree t = new MemoryTree();
    for (int i = 0; i < LEAVES.length; i++) {
      t.append(HexFormat.of().parseHex(LEAVES[i]));
      assertThat(HexFormat.of().formatHex(t.root()))
          .as("root of size %d", i + 1)
          .isEqualTo(ROOTS[i]);
    }
    assertThat(HexFormat.of().formatHex(new MemoryTree().root()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void generatesTheSameProofsAsTheReferenceVectors() throws Exception {
    MemoryTree t = new MemoryTree();
    for (String l : LEAVES) {
      t.append(HexFormat.of().parseHex(l));
    }
    int checked = 0;
    for (Path f : files("inclusion")) {
      JsonObject o = read(f);
      if (!f.getFileName().toString().equals("happy-path.json")) {
        continue;
      }
      InclusionProof p = ProofBuilder.inclusion(t, o.integer("leafIdx"), o.integer("treeSize"));
      assertThat(p.hashes())
          .as(f.toString())
          .usingElementComparator(MerkleVectorsTest::cmp)
          .containsExactlyElementsOf(proof(o));
      checked++;
    }
    for (Path f : files("consistency")) {
      JsonObject o = read(f);
      if (!f.getFileName().toString().equals("happy-path.json")) {
        continue;
      }
      ConsistencyProof p = ProofBuilder.consistency(t, o.integer("size1"), o.integer("size2"));
      assertThat(p.hashes())
          .as(f.toString())
          .usingElementComparator(MerkleVectorsTest::cmp)
          .containsExactlyElementsOf(proof(o));
      checked++;
    }
    assertThat(checked).isEqualTo(10);
  }

  @TestFactory
  Stream<DynamicTest> inclusionVectors() throws IOException {
    List<Path> fs = files("inclusion");
    assertThat(fs).hasSizeGreaterThanOrEqualTo(98);
    return fs.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    rel(f),
                    () -> {
                      JsonObject o = read(f);
                      InclusionProof p =
                          new InclusionProof(u64(o, "leafIdx"), u64(o, "treeSize"), proof(o));
                      boolean ok =
                          ProofVerifier.verifyInclusion(bytes(o, "leafHash"), p, bytes(o, "root"));
                      assertThat(ok).as(o.string("desc")).isEqualTo(!wantErr(o));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> consistencyVectors() throws IOException {
    List<Path> fs = files("consistency");
    assertThat(fs).hasSizeGreaterThanOrEqualTo(98);
    return fs.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    rel(f),
                    () -> {
                      JsonObject o = read(f);
                      ConsistencyProof p =
                          new ConsistencyProof(u64(o, "size1"), u64(o, "size2"), proof(o));
                      boolean ok =
                          ProofVerifier.verifyConsistency(p, bytes(o, "root1"), bytes(o, "root2"));
                      assertThat(ok).as(o.string("desc")).isEqualTo(!wantErr(o));
                    }));
  }

  private static int cmp(byte[] a, byte[] b) {
    return java.util.Arrays.compare(a, b);
  }

  // Go's uint64 values above Long.MAX_VALUE wrap to negative longs, which every check rejects.
  private static long u64(JsonObject o, String key) {
    Object v = o.map().get(key);
    return v instanceof Long l ? l : ((java.math.BigDecimal) v).toBigInteger().longValue();
  }

  private static boolean wantErr(JsonObject o) {
    return Boolean.TRUE.equals(o.map().get("wantErr"));
  }

  private static String rel(Path f) {
    return SharedTestData.dir("merkle").relativize(f).toString();
  }

  private static List<Path> files(String sub) throws IOException {
    try (Stream<Path> s = Files.walk(SharedTestData.dir("merkle").resolve(sub))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static JsonObject read(Path f) {
    try {
      return JsonObject.parse(Files.readAllBytes(f), f.getFileName().toString());
    } catch (Exception e) {
      throw new AssertionError(f + ": " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(JsonObject o, String key) {
    Object v = o.map().get(key);
    return v == null ? new byte[0] : Base64.getDecoder().decode((String) v);
  }

  private static List<byte[]> proof(JsonObject o) {
    Object v = o.map().get("proof");
    List<byte[]> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object e : l) {
        out.add(e == null ? new byte[0] : Base64.getDecoder().decode((String) e));
      }
    }
    return out;
  }
}
