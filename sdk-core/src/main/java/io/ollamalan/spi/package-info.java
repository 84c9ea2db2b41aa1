/**
 * Extension points for other ways of reaching Ollama than HTTP. Experimental: the shape may change
 * between minor releases.
 */
@NullMarked
package io.ollamalan.spi;

import org.jspecify.annotations.NullMarked;
