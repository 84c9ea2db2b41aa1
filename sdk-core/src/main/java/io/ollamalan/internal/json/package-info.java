/**
 * JSON mapping of {@link io.ollamalan.model}: the only place that knows the wire format. Not a
 * public API; it may change in any release.
 */
@NullMarked
package io.ollamalan.internal.json;

import org.jspecify.annotations.NullMarked;
