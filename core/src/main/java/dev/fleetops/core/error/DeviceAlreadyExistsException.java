package dev.fleetops.core.error;

import dev.fleetops.core.model.DeviceId;

/**
 * A device with this id is registered already (HTTP 409, error code 409001). Not retryable. Immutable.
 */
public class DeviceAlreadyExistsException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param deviceId the id that exists
     */
    public DeviceAlreadyExistsException(DeviceId deviceId) {
        super("409001", "device '" + deviceId + "' is registered already");
    }
}
