/**
 * Not API. The fake node's HTTP server, Ollama handlers, scheduler and simulated clocks behind
 * {@link io.ollamalan.testkit.FakeOllamaNode}.
 */
@NullMarked
package io.ollamalan.testkit.internal;

import org.jspecify.annotations.NullMarked;
