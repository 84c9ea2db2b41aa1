/**
 * Not API. What the discovery sources share: address ranges, a DNS client, the read-only Ollama
 * endpoints health checks use, SRV ordering, TXT record parsing and thread handling.
 */
@NullMarked
package io.ollamalan.internal.discovery;

import org.jspecify.annotations.NullMarked;
