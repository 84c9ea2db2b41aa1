/** An embeddable fake Ollama node and fleet simulator that speaks Ollama's HTTP API. */
package io.ollamalan.testkit;
