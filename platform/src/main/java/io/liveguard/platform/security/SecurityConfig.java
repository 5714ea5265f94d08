package io.liveguard.platform.security;

import static io.liveguard.platform.security.Role.ADMIN;
import static io.liveguard.platform.security.Role.ANALYST;
import static io.liveguard.platform.security.Role.LEADER;
import static io.liveguard.platform.security.Role.MERCHANT;
import static io.liveguard.platform.security.Role.OFFICER;

import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. The console uses a session with CSRF protection; automation uses {@code
 * Authorization: Bearer} API tokens (no CSRF: the header cannot be forged cross-site). Data scoping
 * (jurisdiction, merchant's own rooms) is enforced by the features themselves.
 */
@Configuration
class SecurityConfig {

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt by default; the {id} prefix lets stored hashes move to argon2 later.
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http, ApiTokens tokens, Problems problems, JsonMapper json) throws Exception {
    var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    AuthenticationEntryPoint apiEntry =
        (req, res, e) -> problem(res, problems, json, HttpStatus.UNAUTHORIZED, "unauthenticated");
    AccessDeniedHandler apiDenied =
        (req, res, e) -> problem(res, problems, json, HttpStatus.FORBIDDEN, "forbidden");
    var login = new LoginUrlAuthenticationEntryPoint("/login");
    AuthenticationEntryPoint entry =
        (req, res, e) -> {
          if (api.matches(req) || BearerTokenFilter.hasBearer(req)) {
            apiEntry.commence(req, res, e);
          } else {
            login.commence(req, res, e);
          }
        };
    http.addFilterBefore(
            new BearerTokenFilter(tokens, apiEntry), UsernamePasswordAuthenticationFilter.class)
        .csrf(
            // CSRF rides on a session cookie: API requests with a bearer token or without any
            // session cannot be forged cross-site (and then get a 401, not a CSRF 403).
            c ->
                c.ignoringRequestMatchers(
                    req ->
                        BearerTokenFilter.hasBearer(req)
                            || (api.matches(req) && req.getRequestedSessionId() == null)))
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entry).defaultAccessDeniedHandlerFor(apiDenied, api))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error")
                    .permitAll()
                    .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                    .permitAll()
                    .requestMatchers("/api/v1/me")
                    .authenticated()
                    .requestMatchers("/api/v1/users/**", "/api/v1/tokens/**")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.POST, "/api/v1/events", "/api/v1/events/**")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/api/v1/registry/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers("/api/v1/registry/**")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/api/v1/rooms", "/api/v1/rooms/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER, MERCHANT))
                    .requestMatchers(HttpMethod.POST, "/api/v1/precheck")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER, MERCHANT))
                    .requestMatchers("/api/v1/leads", "/api/v1/leads/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.GET, "/api/v1/evidence/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**")
                    .hasAnyRole(roles(ADMIN, LEADER))
                    .requestMatchers(HttpMethod.GET, "/api/v1/stats/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, LEADER))
                    .requestMatchers("/api/**")
                    .denyAll()
                    .anyRequest()
                    .authenticated());
    return http.build();
  }

  private static String[] roles(Role... roles) {
    return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
  }

  private static void problem(
      HttpServletResponse res, Problems problems, JsonMapper json, HttpStatus status, String code)
      throws IOException {
    ProblemDetail p = problems.of(status, code);
    res.setStatus(status.value());
    res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(json.writeValueAsString(p));
  }
}
