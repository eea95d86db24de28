package dev.fleetops.core.error;

/**
 * The hub refused the request as malformed or over a limit (HTTP 400). Not retryable. Immutable.
 */
public class BadRequestException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 400.
     *
     * @param message what the hub refused and why
     */
    public BadRequestException(String message) {
        super(400, "", message);
    }

    /**
     * Creates the exception with HTTP status 400 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public BadRequestException(String errorCode, String message) {
        super(400, errorCode, message);
    }

}
