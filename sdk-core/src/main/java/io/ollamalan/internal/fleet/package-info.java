/**
 * Not API. The fleet one client knows: its nodes merged from every discovery source, their health
 * and inventory ({@link io.ollamalan.internal.fleet.Fleet}), the health checks that keep them up to
 * date ({@link io.ollamalan.internal.fleet.HealthChecker}) and the lifecycle that runs both ({@link
 * io.ollamalan.internal.fleet.FleetManager}).
 */
@NullMarked
package io.ollamalan.internal.fleet;

import org.jspecify.annotations.NullMarked;
