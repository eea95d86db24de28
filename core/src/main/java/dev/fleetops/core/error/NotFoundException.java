package dev.fleetops.core.error;

/**
 * The hub has no such resource (HTTP 404). Subclasses name the kind. Not retryable. Immutable.
 */
public class NotFoundException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 404.
     *
     * @param message what the hub refused and why
     */
    public NotFoundException(String message) {
        super(404, "", message);
    }

    /**
     * Creates the exception with HTTP status 404 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public NotFoundException(String errorCode, String message) {
        super(404, errorCode, message);
    }

}
