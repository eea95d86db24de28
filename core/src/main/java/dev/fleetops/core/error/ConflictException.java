package dev.fleetops.core.error;

/**
 * The request conflicts with the hub's state, for example a device or job id that exists already (HTTP 409). Not retryable. Immutable.
 */
public class ConflictException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 409.
     *
     * @param message what the hub refused and why
     */
    public ConflictException(String message) {
        super(409, "", message);
    }

    /**
     * Creates the exception with HTTP status 409 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public ConflictException(String errorCode, String message) {
        super(409, errorCode, message);
    }

}
