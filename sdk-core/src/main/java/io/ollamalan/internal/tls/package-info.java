/**
 * Not API. Turns {@code TlsConfig} and {@code Auth} into OkHttp settings ({@link
 * io.ollamalan.internal.tls.InternalTls#apply}, {@link io.ollamalan.internal.tls.AuthInterceptor}),
 * refuses plain nodes when TLS is required ({@link io.ollamalan.internal.tls.NoDowngradePolicy})
 * and classifies TLS failures ({@link io.ollamalan.internal.tls.TlsFailure}).
 */
@NullMarked
package io.ollamalan.internal.tls;

import org.jspecify.annotations.NullMarked;
