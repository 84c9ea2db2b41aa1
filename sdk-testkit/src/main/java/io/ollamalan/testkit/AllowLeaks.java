package io.ollamalan.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a test method or class from {@link LeakCheckExtension}: for a test whose point is to
 * leave a client, stream or thread open.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowLeaks {
  /** Why the test leaves something open; required so that a reader need not guess. */
  String value();
}
