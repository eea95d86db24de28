package dev.fleetops.core.error;

import dev.fleetops.core.model.DeviceId;

/**
 * A direct method could not reach the device because it is not connected (HTTP 404, error code 404103). Not
 * retryable as such; the device may come back later. Immutable.
 */
public class DeviceNotOnlineException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param deviceId the device that is offline
     * @param methodName the method that was invoked
     */
    public DeviceNotOnlineException(DeviceId deviceId, String methodName) {
        super("404103", "device '" + deviceId + "' is not online; direct method '" + methodName + "' was not delivered");
    }
}
