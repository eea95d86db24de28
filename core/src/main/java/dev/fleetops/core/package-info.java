/**
 * The FleetOps core API: {@code FleetClient}, the exception hierarchy, operators, authorization and audit, and the
 * virtual clock for simulations.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core;
