/**
 * The embedded hub: an IoT hub in memory with IoT Hub's visible semantics, throttles, faults and query lag, and the
 * fleet simulator with pluggable device behaviours on a controllable clock.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.embedded;
