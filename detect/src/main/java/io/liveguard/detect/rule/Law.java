package io.liveguard.detect.rule;

import java.time.LocalDate;
import java.util.List;

/**
 * A law or regulation rules may cite, with its versions in force over time.
 *
 * @param id the id findings print, e.g. {@code 反不正当竞争法}
 * @param title the full title
 * @param versions versions in order of their effective dates, at least one
 */
public record Law(String id, String title, List<Version> versions) {

  /**
   * One version of a law: its own article numbering and its statute text.
   *
   * @param version label such as {@code 2019}
   * @param effective first day in force
   * @param until last day in force, or null if still in force
   * @param source file name of the statute text
   * @param text the parsed statute text
   */
  public record Version(
      String version, LocalDate effective, LocalDate until, String source, StatuteText text) {}

  /**
   * The version in force on {@code date}; before the first version, the first; after a repeal, the
   * last.
   */
  public Version versionAt(LocalDate date) {
    for (Version v : versions) {
      if (!date.isBefore(v.effective()) && (v.until() == null || !date.isAfter(v.until()))) {
        return v;
      }
    }
    return date.isBefore(versions.get(0).effective())
        ? versions.get(0)
        : versions.get(versions.size() - 1);
  }

  /** Whether the law was renumbered, i.e. citations must name the version. */
  public boolean isVersioned() {
    return versions.size() > 1;
  }
}
