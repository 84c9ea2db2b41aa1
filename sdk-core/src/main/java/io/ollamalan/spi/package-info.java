/**
 * Extension points for other ways of reaching Ollama than HTTP. Experimental: the shape may change
 * between minor releases.
 */
package io.ollamalan.spi;
