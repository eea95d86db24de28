/**
 * Time for simulations and tests: {@link dev.fleetops.core.time.VirtualClock}, a clock that moves only when told
 * to, shared by the embedded hub, its simulator and clients so that waits advance it instead of blocking.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.time;
