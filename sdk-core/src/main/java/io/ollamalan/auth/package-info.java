/** Credentials sent to nodes as HTTP headers: {@link io.ollamalan.auth.Auth}. */
package io.ollamalan.auth;
