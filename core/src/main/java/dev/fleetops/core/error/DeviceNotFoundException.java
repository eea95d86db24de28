package dev.fleetops.core.error;

import dev.fleetops.core.model.DeviceId;

/**
 * The hub has no device with this id (HTTP 404, error code 404001). Not retryable. Immutable.
 */
public class DeviceNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    /** The id that was not found, kept as text so the exception serializes without the record. */
    private final String deviceId;

    /**
     * Creates the exception.
     *
     * @param deviceId the id that was not found
     */
    public DeviceNotFoundException(DeviceId deviceId) {
        super("404001", "device '" + deviceId + "' is not registered in the hub");
        this.deviceId = deviceId.value();
    }

    /**
     * Returns the id that was not found.
     *
     * @return the device id
     */
    public DeviceId deviceId() {
        return DeviceId.of(deviceId);
    }
}
