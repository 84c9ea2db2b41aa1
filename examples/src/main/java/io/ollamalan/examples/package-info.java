/** Runnable examples: the quickstart, recipes and the operator CLI. */
package io.ollamalan.examples;
