package io.liveguard.platform.web;

import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/** zh-CN by default; English when the client asks for it ({@code Accept-Language: en}). */
@Configuration
class LocaleConfig {
  @Bean
  LocaleResolver localeResolver() {
    var r = new AcceptHeaderLocaleResolver();
    r.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
    r.setSupportedLocales(List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH));
    return r;
  }
}
