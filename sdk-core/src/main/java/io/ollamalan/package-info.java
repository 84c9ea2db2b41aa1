/** The public API of the Ollama LAN SDK: a typed client for a fleet of Ollama nodes. */
@NullMarked
package io.ollamalan;

import org.jspecify.annotations.NullMarked;
