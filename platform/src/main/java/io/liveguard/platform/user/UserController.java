package io.liveguard.platform.user;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.registry.Jurisdictions;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.ApiTokens;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users and API tokens (admin only), and {@code /me}. */
@RestController
class UserController {
  private final UserStore users;
  private final ApiTokens tokens;
  private final PasswordEncoder encoder;
  private final Jurisdictions jurisdictions;
  private final AuditTrail audit;
  private final JdbcClient jdbc;

  UserController(
      UserStore users,
      ApiTokens tokens,
      PasswordEncoder encoder,
      Jurisdictions jurisdictions,
      AuditTrail audit,
      JdbcClient jdbc) {
    this.users = users;
    this.tokens = tokens;
    this.encoder = encoder;
    this.jurisdictions = jurisdictions;
    this.audit = audit;
    this.jdbc = jdbc;
  }

  record UserView(
      long id,
      String username,
      String role,
      String jurisdiction,
      Long enterprise,
      boolean enabled) {
    static UserView of(Actor a) {
      return new UserView(
          a.id(), a.username(), a.role().id(), a.jurisdictionCode(), a.enterpriseId(), a.enabled());
    }
  }

  record NewUser(
      @NotBlank(message = "{validation.username}")
          @Pattern(regexp = "[A-Za-z0-9_.@-]{2,64}", message = "{validation.username}")
          String username,
      @NotBlank(message = "{validation.password}")
          @Size(min = 8, max = 128, message = "{validation.password}")
          String password,
      @NotBlank(message = "{validation.role}") String role,
      String jurisdiction,
      Long enterprise,
      @Size(max = 100) String displayName) {}

  record NewToken(
      @NotBlank(message = "{validation.token-name}")
          @Size(max = 100, message = "{validation.token-name}")
          String name,
      String username) {}

  @GetMapping("/api/v1/me")
  UserView me(@AuthenticationPrincipal Actor actor) {
    return UserView.of(actor);
  }

  @GetMapping("/api/v1/users")
  List<UserView> list() {
    return users.all().stream().map(UserView::of).toList();
  }

  @PostMapping("/api/v1/users")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  UserView create(@Valid @RequestBody NewUser u, @AuthenticationPrincipal Actor actor) {
    Role role = Role.parse(u.role());
    if (role == null) {
      throw ApiException.badRequest("unknown-role", u.role());
    }
    if (u.jurisdiction() != null && jurisdictions.find(u.jurisdiction()).isEmpty()) {
      throw ApiException.badRequest("unknown-jurisdiction", u.jurisdiction());
    }
    if (role == Role.OFFICER && u.jurisdiction() == null) {
      throw ApiException.badRequest("officer-needs-jurisdiction");
    }
    if (role == Role.MERCHANT) {
      if (u.enterprise() == null) {
        throw ApiException.badRequest("merchant-needs-enterprise");
      }
      long n =
          jdbc.sql("SELECT COUNT(*) FROM enterprise WHERE id = ?")
              .param(u.enterprise())
              .query(Long.class)
              .single();
      if (n == 0) {
        throw ApiException.badRequest("unknown-enterprise", u.enterprise());
      }
    }
    if (users.find(u.username()).isPresent()) {
      throw ApiException.conflict("username-taken", u.username());
    }
    long id =
        users.create(
            u.username(),
            encoder.encode(u.password()),
            role,
            u.jurisdiction(),
            role == Role.MERCHANT ? u.enterprise() : null,
            u.displayName());
    Map<String, Object> detail = new HashMap<>();
    detail.put("username", u.username());
    detail.put("role", role.id());
    if (u.jurisdiction() != null) {
      detail.put("jurisdiction", u.jurisdiction());
    }
    audit.append(actor.username(), "user.created", "user:" + id, detail);
    return UserView.of(users.find(id).orElseThrow());
  }

  record IssuedToken(long id, String name, String username, String secret) {}

  @GetMapping("/api/v1/tokens")
  List<ApiTokens.TokenInfo> tokens() {
    return tokens.list();
  }

  @PostMapping("/api/v1/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  IssuedToken issue(@Valid @RequestBody NewToken t, @AuthenticationPrincipal Actor actor) {
    Actor owner =
        t.username() == null
            ? actor
            : users
                .find(t.username())
                .orElseThrow(() -> ApiException.badRequest("unknown-user", t.username()));
    ApiTokens.Issued issued = tokens.issue(owner.id(), t.name());
    audit.append(
        actor.username(),
        "token.issued",
        "token:" + issued.id(),
        Map.of("name", t.name(), "owner", owner.username()));
    return new IssuedToken(issued.id(), t.name(), owner.username(), issued.secret());
  }

  @DeleteMapping("/api/v1/tokens/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void revoke(@PathVariable long id, @AuthenticationPrincipal Actor actor) {
    if (!tokens.revoke(id)) {
      throw ApiException.notFound("token", id);
    }
    audit.append(actor.username(), "token.revoked", "token:" + id, Map.of());
  }
}
