/**
 * Where the client's nodes come from and how their health is checked: {@link
 * io.ollamalan.discovery.NodeSource} and its implementations (a static list, DNS SRV/TXT, mDNS, a
 * subnet probe), {@link io.ollamalan.discovery.MdnsAnnouncer} to announce a node, and {@link
 * io.ollamalan.discovery.HealthCheckConfig}.
 */
@NullMarked
package io.ollamalan.discovery;

import org.jspecify.annotations.NullMarked;
