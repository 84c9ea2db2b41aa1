package io.ollamalan;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an extension point whose shape may still change between minor releases (discovery and
 * balancer SPIs). Code that implements such an interface should expect to be adapted on upgrade.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface ExperimentalApi {
  /** Why the API is experimental or what may change. */
  String value() default "";
}
