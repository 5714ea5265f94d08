package io.liveguard.platform.security;

import static io.liveguard.platform.security.Role.ADMIN;
import static io.liveguard.platform.security.Role.ANALYST;
import static io.liveguard.platform.security.Role.LEADER;
import static io.liveguard.platform.security.Role.MERCHANT;
import static io.liveguard.platform.security.Role.OFFICER;

import io.liveguard.platform.web.Problems;
import jakarta.servlet.DispatcherType;
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
                // The async dispatch of a stream (the wall's server-sent events) completes a
                // request that was authorized when it started.
                a.dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(
                        "/actuator/health", "/actuator/health/**", "/login", "/error", "/css/**")
                    .permitAll()
                    .requestMatchers("/js/**")
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
                    // Risk: warnings, complaints, credit, green rooms (docs/risk.md).
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/complaints", "/api/v1/complaints/status")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/v1/public/green-rooms")
                    .permitAll()
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/complaints/mine",
                        "/api/v1/risk/my-rooms",
                        "/api/v1/risk/my-rooms/*")
                    .authenticated()
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/green/applications",
                        "/api/v1/green/applications/*",
                        "/api/v1/green/criteria")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER, MERCHANT))
                    .requestMatchers(HttpMethod.POST, "/api/v1/green/applications")
                    .hasAnyRole(roles(ADMIN, MERCHANT))
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/green/applications/*/review",
                        "/api/v1/green/applications/*/revoke")
                    .hasAnyRole(roles(ADMIN, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.POST, "/api/v1/green/recheck")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/api/v1/credit/export")
                    .hasAnyRole(roles(ADMIN, LEADER))
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/risk/**",
                        "/api/v1/warnings",
                        "/api/v1/warnings/**",
                        "/api/v1/complaints",
                        "/api/v1/complaints/**",
                        "/api/v1/credit",
                        "/api/v1/credit/*/*",
                        "/api/v1/blacklist")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/warnings/*/acknowledge",
                        "/api/v1/complaints/*/actions")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/blacklist", "/api/v1/blacklist/*/lift")
                    .hasAnyRole(roles(ADMIN, OFFICER, LEADER))
                    .requestMatchers("/green-rooms", "/complaint", "/complaint/**")
                    .permitAll()
                    .requestMatchers("/warnings", "/warnings/**", "/complaints", "/complaints/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers("/credit", "/credit/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    // console-b: rules (规则库), subjects (主体画像), dashboard (驾驶舱), pre-check.
                    .requestMatchers(HttpMethod.GET, "/api/v1/rules", "/api/v1/rules/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.POST, "/api/v1/rules/*/changes")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/api/v1/subjects/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.GET, "/rules", "/rules/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.POST, "/rules/*/changes")
                    .hasRole(ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/subjects", "/subjects/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, LEADER))
                    .requestMatchers("/precheck", "/precheck/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER, MERCHANT))
                    // Monitoring tasks (无感监测): staff read (scoped by jurisdiction), admin and
                    // analyst write.
                    .requestMatchers(
                        HttpMethod.GET, "/api/v1/monitoring-tasks", "/api/v1/monitoring-tasks/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers("/api/v1/monitoring-tasks", "/api/v1/monitoring-tasks/**")
                    .hasAnyRole(roles(ADMIN, ANALYST))
                    .requestMatchers(HttpMethod.GET, "/monitoring")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
                    .requestMatchers("/monitoring", "/monitoring/**")
                    .hasAnyRole(roles(ADMIN, ANALYST))
                    .requestMatchers("/api/**")
                    .denyAll()
                    // Console pages (monitoring wall, review desk, cases): staff; data scoping by
                    // jurisdiction is done by the pages' queries and the lead workflow.
                    .requestMatchers(
                        "/wall",
                        "/wall/**",
                        "/leads",
                        "/leads/**",
                        "/cases",
                        "/cases/**",
                        "/evidence/**")
                    .hasAnyRole(roles(ADMIN, ANALYST, OFFICER, LEADER))
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
