package io.liveguard.platform.security;

import io.liveguard.platform.user.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the first admin from {@code LIVEGUARD_BOOTSTRAP_ADMIN=user:password} and an admin API
 * token from {@code LIVEGUARD_BOOTSTRAP_TOKEN=SECRET} on first start. There is no default password:
 * without the variable and without an admin, the platform runs but nobody can log in.
 */
@Component
@Order(0)
class Bootstrap implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  static final int MIN_PASSWORD = 8;
  static final int MIN_TOKEN = 16;

  private final UserStore users;
  private final ApiTokens tokens;
  private final PasswordEncoder encoder;
  private final String admin;
  private final String token;

  Bootstrap(
      UserStore users,
      ApiTokens tokens,
      PasswordEncoder encoder,
      @Value("${liveguard.bootstrap.admin:}") String admin,
      @Value("${liveguard.bootstrap.token:}") String token) {
    this.users = users;
    this.tokens = tokens;
    this.encoder = encoder;
    this.admin = admin;
    this.token = token;
    validate(admin, token);
  }

  /** Fails start-up with a clear message when a bootstrap variable is malformed. */
  static void validate(String admin, String token) {
    if (!admin.isEmpty()) {
      int colon = admin.indexOf(':');
      if (colon <= 0 || colon == admin.length() - 1) {
        throw new IllegalStateException(
            "LIVEGUARD_BOOTSTRAP_ADMIN must be user:password (got no ':' or an empty part)");
      }
      if (admin.length() - colon - 1 < MIN_PASSWORD) {
        throw new IllegalStateException(
            "LIVEGUARD_BOOTSTRAP_ADMIN: the password must have at least "
                + MIN_PASSWORD
                + " characters");
      }
    }
    if (!token.isEmpty() && token.length() < MIN_TOKEN) {
      throw new IllegalStateException(
          "LIVEGUARD_BOOTSTRAP_TOKEN must have at least " + MIN_TOKEN + " characters");
    }
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    if (!admin.isEmpty() && !users.anyAdmin()) {
      int colon = admin.indexOf(':');
      String name = admin.substring(0, colon);
      users.create(name, encoder.encode(admin.substring(colon + 1)), Role.ADMIN, null, null, name);
      log.info("bootstrap: created the first admin \"{}\"", name);
    }
    if (!token.isEmpty() && !tokens.exists(token)) {
      long owner =
          users.all().stream()
              .filter(a -> a.role() == Role.ADMIN)
              .findFirst()
              .map(Actor::id)
              .orElseGet(
                  () ->
                      users.create(
                          "automation",
                          // no password login: a random hash nobody knows the preimage of
                          encoder.encode(
                              java.util.UUID.randomUUID().toString() + System.nanoTime()),
                          Role.ADMIN,
                          null,
                          null,
                          "自动化"));
      tokens.store(owner, "bootstrap", token);
      log.info("bootstrap: stored the admin API token from LIVEGUARD_BOOTSTRAP_TOKEN");
    }
  }
}
