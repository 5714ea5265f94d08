package io.liveguard.platform.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated user behind a request, from the console session or an API token.
 *
 * @param jurisdictionPath the path of the user's jurisdiction ({@code /110000/110100/}), or {@code
 *     null} for a user who sees every jurisdiction
 * @param enterpriseId the merchant's enterprise, or {@code null}
 * @param tokenId the API token used, or {@code null} for a console session
 */
public record Actor(
    long id,
    String username,
    String passwordHash,
    Role role,
    String jurisdictionCode,
    String jurisdictionPath,
    Long enterpriseId,
    boolean enabled,
    Long tokenId)
    implements UserDetails {

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority(role.authority()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  /** Whether this user may see things in the jurisdiction with this path ({@code null}: none). */
  public boolean sees(String path) {
    if (jurisdictionPath == null) {
      return role != Role.MERCHANT;
    }
    return path != null && path.startsWith(jurisdictionPath);
  }

  public Actor withToken(long token) {
    return new Actor(
        id, username, null, role, jurisdictionCode, jurisdictionPath, enterpriseId, enabled, token);
  }
}
