package io.liveguard.platform.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem details from message bundle keys. */
@Component
public class Problems {
  private final MessageSource messages;

  Problems(MessageSource messages) {
    this.messages = messages;
  }

  /** The problem type URI for a code. */
  public static URI type(String code) {
    return URI.create("urn:liveguard:problem:" + code);
  }

  public ProblemDetail of(HttpStatusCode status, String code, Object... args) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, message("problem." + code, args));
    p.setType(type(code));
    p.setTitle(message("problem." + code + ".title", "problem.title." + status.value()));
    p.setProperty("code", code);
    return p;
  }

  /** The message for a key in the current locale (zh-CN unless the client asked for English). */
  public String message(String key, Object... args) {
    Locale locale = LocaleContextHolder.getLocale();
    return messages.getMessage(key, args, key, locale);
  }

  private String message(String key, String fallbackKey) {
    Locale locale = LocaleContextHolder.getLocale();
    String m = messages.getMessage(key, null, null, locale);
    return m != null ? m : messages.getMessage(fallbackKey, null, fallbackKey, locale);
  }
}
