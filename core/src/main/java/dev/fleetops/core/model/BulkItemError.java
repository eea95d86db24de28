package dev.fleetops.core.model;

import java.util.Objects;

/**
 * Why one device of a bulk registry call failed (or a warning about it). Immutable and thread-safe.
 *
 * @param deviceId the device
 * @param errorCode the hub's error code, for example {@code DeviceAlreadyExists} or {@code 409001}
 * @param errorStatus the hub's description
 */
public record BulkItemError(DeviceId deviceId, String errorCode, String errorStatus) {

    /**
     * Validates the record.
     *
     * @param deviceId the device
     * @param errorCode the hub's error code, for example {@code DeviceAlreadyExists} or {@code 409001}
     * @param errorStatus the hub's description
     * @throws NullPointerException if a component is null
     */
    public BulkItemError {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorStatus, "errorStatus");
    }
}
