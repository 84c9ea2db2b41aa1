/**
 * Recipes: one small runnable class per topic, each against the embedded fake fleet by default and
 * against a real fleet when {@code OLLAMA_NODES} (or a reachable {@code OLLAMA_HOST}) says so. See
 * {@code examples/README.md}.
 */
package io.ollamalan.examples.recipes;
