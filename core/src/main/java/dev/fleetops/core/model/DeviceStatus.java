package dev.fleetops.core.model;

/**
 * Whether IoT Hub lets a device connect. Persisted and sent by name; thread-safe.
 */
public enum DeviceStatus {
    /** The device may connect. */
    ENABLED,
    /** The device is refused at connection time. */
    DISABLED
}
