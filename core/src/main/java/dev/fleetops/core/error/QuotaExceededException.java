package dev.fleetops.core.error;

/**
 * The hub refused the request because a quota is used up, for example the number of devices or configurations (HTTP 403). Not retryable. Immutable.
 */
public class QuotaExceededException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 403.
     *
     * @param message what the hub refused and why
     */
    public QuotaExceededException(String message) {
        super(403, "", message);
    }

    /**
     * Creates the exception with HTTP status 403 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public QuotaExceededException(String errorCode, String message) {
        super(403, errorCode, message);
    }

}
