package dev.fleetops.core.error;

/**
 * The ETag given with a conditional call no longer matches: someone changed the resource since it was read (HTTP 412). Read again and decide; not retryable as is. Immutable.
 */
public class PreconditionFailedException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with HTTP status 412.
     *
     * @param message what the hub refused and why
     */
    public PreconditionFailedException(String message) {
        super(412, "", message);
    }

    /**
     * Creates the exception with HTTP status 412 and the hub's error code.
     *
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public PreconditionFailedException(String errorCode, String message) {
        super(412, errorCode, message);
    }

}
