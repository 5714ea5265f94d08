package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RowsTest {
  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
    var rows =
        Rows.csv(
            "\uFEFFname,note\r\n\"甲,乙\",\"他说\"\"好\"\"\"\n\"两\n行\",\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("name", "甲,乙").containsEntry("note", "他说\"好\"");
    assertThat(rows.get(1)).containsEntry("name", "两\n行").doesNotContainKey("note");
  }

  @Test
  void refusesAnUnterminatedQuote() {
    assertThatThrownBy(() -> Rows.csv("a\n\"x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Rows.Unreadable.class);
  }
}
