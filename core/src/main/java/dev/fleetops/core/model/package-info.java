/**
 * Value types of the fleet: device ids and identities, twins, the immutable {@link dev.fleetops.core.model.PropertyTree}
 * that holds twin documents, and twin patches with IoT Hub's limits.
 *
 * <p>All types are immutable and thread-safe. Parameters and return values are non-null unless a method says
 * otherwise.
 */
package dev.fleetops.core.model;
