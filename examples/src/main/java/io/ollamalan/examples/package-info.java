/** Runnable examples: the quickstart and what it shares with the recipes. */
package io.ollamalan.examples;
