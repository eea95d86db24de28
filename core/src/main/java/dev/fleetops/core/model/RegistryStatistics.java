package dev.fleetops.core.model;

/**
 * Device counts of the identity registry. Immutable and thread-safe.
 *
 * @param totalDevices all devices
 * @param enabledDevices enabled devices
 * @param disabledDevices disabled devices
 */
public record RegistryStatistics(long totalDevices, long enabledDevices, long disabledDevices) {
}
