/**
 * An embeddable fake Ollama node and fleet simulator that speaks Ollama's native HTTP API.
 *
 * <ul>
 *   <li>{@link io.ollamalan.testkit.FakeOllamaNode}: one server on Netty, built with {@link
 *       io.ollamalan.testkit.FakeOllamaNode#builder()}; deterministic replies, exact error bodies,
 *       content types and field order as documented in the bundled contract.
 *   <li>{@link io.ollamalan.testkit.FakeModel}: an installed model (immutable).
 *   <li>{@link io.ollamalan.testkit.SchedulerConfig}: parallel slots, loads, keep-alive, eviction,
 *       queue limit, prefill/decode rates and time scaling.
 *   <li>{@link io.ollamalan.testkit.Fault} and {@link io.ollamalan.testkit.Faults}: injected
 *       latency, errors, resets, broken and stalled streams.
 *   <li>{@link io.ollamalan.testkit.FakeFleet}: several nodes on {@code 127.0.0.11} and up.
 *   <li>{@link io.ollamalan.testkit.OllamaContract}: the wire contract's example bodies on the
 *       classpath, for contract tests in other modules.
 *   <li>{@link io.ollamalan.testkit.TestClock}: a {@link java.time.Clock} and nanosecond ticker
 *       that move only when a test advances them, running scheduled work on the way.
 *   <li>{@link io.ollamalan.testkit.LeakCheckExtension}: a JUnit 5 extension that fails a test
 *       leaving an SDK client, response stream, fake node, call, connection or thread open; {@link
 *       io.ollamalan.testkit.AllowLeaks} exempts a test.
 * </ul>
 *
 * <p>Everything in {@code io.ollamalan.testkit.internal} is an implementation detail.
 */
@NullMarked
package io.ollamalan.testkit;

import org.jspecify.annotations.NullMarked;
