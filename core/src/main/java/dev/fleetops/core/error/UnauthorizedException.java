package dev.fleetops.core.error;

/**
 * The hub refused the credentials (HTTP 401). The message never contains them. Not retryable. Immutable.
 */
public class UnauthorizedException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 401.
     *
     * @param message what the hub refused and why
     */
    public UnauthorizedException(String message) {
        super(401, "", message);
    }

    /**
     * Creates the exception with HTTP status 401 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public UnauthorizedException(String errorCode, String message) {
        super(401, errorCode, message);
    }

}
