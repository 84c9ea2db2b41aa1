package io.ollamalan.spring.autoconfigure;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks the credentials under {@code ollama.lan.auth} and user info in node addresses in {@code
 * /actuator/configprops} and {@code /actuator/env}, even where an application shows values.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
public final class OllamaLanSanitizingAutoConfiguration {

  private static final String AUTH = OllamaLanProperties.CONFIG_PREFIX + ".auth.";
  private static final String NODES = OllamaLanProperties.CONFIG_PREFIX + ".nodes";

  @Bean
  SanitizingFunction ollamaLanSanitizingFunction() {
    return data -> {
      String key = data.getLowerCaseKey();
      String full = fullKey(data);
      if (full.startsWith(AUTH) && !full.endsWith(".username")) {
        return data.withSanitizedValue();
      }
      if (full.startsWith(NODES) && data.getValue() instanceof String s && s.contains("@")) {
        return data.withValue("***" + s.substring(s.lastIndexOf('@')));
      }
      if (full.startsWith(OllamaLanProperties.CONFIG_PREFIX)
          && (key.contains("password") || key.contains("token"))) {
        return data.withSanitizedValue();
      }
      return data;
    };
  }

  /** The key in dotted form, also for environment variables such as OLLAMA_LAN_AUTH_PASSWORD. */
  private static String fullKey(SanitizableData data) {
    return data.getKey().toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
  }
}
