/**
 * Not API. The client's implementation: the state one client's views share ({@link
 * io.ollamalan.internal.ClientCore}), the HTTP client over a fleet ({@link
 * io.ollamalan.internal.HttpFleetClient}), the exception factories ({@link
 * io.ollamalan.internal.Errors}), the publishers over streamed calls and what routing derives from
 * a request.
 */
@NullMarked
package io.ollamalan.internal;

import org.jspecify.annotations.NullMarked;
