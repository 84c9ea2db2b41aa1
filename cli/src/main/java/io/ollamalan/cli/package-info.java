/**
 * {@code ollama-lan}, the operator's command line over the SDK: discover, status, route, chat,
 * pull, pin and bench, each against a real fleet or, with {@code --demo}, an embedded fake one.
 */
package io.ollamalan.cli;
