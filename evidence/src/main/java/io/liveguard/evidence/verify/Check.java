package io.liveguard.evidence.verify;

/**
 * One verification check and its outcome.
 *
 * @param part the package member (or "package") the check is about
 * @param what what was checked, in Chinese
 * @param passed whether it passed
 * @param detail why it failed, or a short confirmation
 */
public record Check(String part, String what, boolean passed, String detail) {

  static Check pass(String part, String what, String detail) {
    return new Check(part, what, true, detail);
  }

  static Check fail(String part, String what, String detail) {
    return new Check(part, what, false, detail);
  }
}
