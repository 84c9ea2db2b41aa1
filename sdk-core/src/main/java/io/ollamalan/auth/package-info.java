/** Credentials sent to nodes as HTTP headers: {@link io.ollamalan.auth.Auth}. */
@NullMarked
package io.ollamalan.auth;

import org.jspecify.annotations.NullMarked;
