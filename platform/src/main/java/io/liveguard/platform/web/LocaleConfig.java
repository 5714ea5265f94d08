package io.liveguard.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language: zh-CN by default; English when the user switches ({@code ?lang=en},
 * remembered in the {@code liveguard-lang} cookie) or, without a cookie, when the client asks for
 * it ({@code Accept-Language: en}). Only zh-CN and English exist; any other request falls back to
 * zh-CN.
 */
@Configuration
class LocaleConfig implements WebMvcConfigurer {
  static final String COOKIE = "liveguard-lang";
  static final List<Locale> SUPPORTED = List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

  /** The supported locale closest to {@code l}: English for any {@code en-*}, else zh-CN. */
  static Locale supported(Locale l) {
    return l != null && l.getLanguage().equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
  }

  @Bean
  LocaleResolver localeResolver() {
    var r =
        new CookieLocaleResolver(COOKIE) {
          @Override
          public void setLocale(
              HttpServletRequest request, HttpServletResponse response, Locale locale) {
            super.setLocale(request, response, locale == null ? null : supported(locale));
          }
        };
    r.setCookieMaxAge(Duration.ofDays(365));
    r.setCookieHttpOnly(true);
    r.setDefaultLocaleFunction(LocaleConfig::fromHeader);
    return r;
  }

  private static Locale fromHeader(HttpServletRequest request) {
    String header = request.getHeader("Accept-Language");
    if (header == null || header.isBlank()) {
      return Locale.SIMPLIFIED_CHINESE;
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
        String lang = range.getRange().split("-")[0];
        if (lang.equals("zh")) {
          return Locale.SIMPLIFIED_CHINESE;
        }
        if (lang.equals("en")) {
          return Locale.ENGLISH;
        }
      }
    } catch (IllegalArgumentException e) {
      // A malformed header is no reason to refuse the page.
    }
    return Locale.SIMPLIFIED_CHINESE;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    var change = new LocaleChangeInterceptor();
    change.setParamName("lang");
    change.setIgnoreInvalidLocale(true);
    registry.addInterceptor(change);
  }
}
