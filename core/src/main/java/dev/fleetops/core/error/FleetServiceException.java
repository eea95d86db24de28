package dev.fleetops.core.error;

/**
 * The hub answered with an error. Carries the HTTP status and, when the hub sent one, its six-digit error code
 * (for example {@code 404001}). Retryable for 5xx statuses; subclasses refine. Immutable.
 */
public class FleetServiceException extends FleetException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status of the hub's answer. */
    private final int statusCode;
    /** The hub's error code, empty when it sent none. */
    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status, for example 400
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     */
    public FleetServiceException(int statusCode, String errorCode, String message) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param statusCode the HTTP status
     * @param errorCode the hub's error code, or empty
     * @param message what the hub refused and why
     * @param cause the underlying exception, for example the Azure SDK's
     */
    public FleetServiceException(int statusCode, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    /**
     * Returns the HTTP status of the hub's answer.
     *
     * @return the status, for example 404
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * Returns the hub's error code.
     *
     * @return the code, for example {@code 404001}, or empty when the hub sent none
     */
    public String errorCode() {
        return errorCode;
    }

    @Override
    public boolean retryable() {
        return statusCode >= 500;
    }
}
