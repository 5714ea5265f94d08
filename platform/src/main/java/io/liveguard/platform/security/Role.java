package io.liveguard.platform.security;

import java.util.Locale;

/** What a user may do; stored lowercase. */
public enum Role {
  ADMIN,
  ANALYST,
  OFFICER,
  LEADER,
  MERCHANT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String authority() {
    return "ROLE_" + name();
  }

  /** Parses a stored or submitted role id; {@code null} if unknown. */
  public static Role parse(String id) {
    if (id == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
