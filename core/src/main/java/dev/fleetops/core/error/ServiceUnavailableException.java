package dev.fleetops.core.error;

/**
 * The hub failed or is busy (HTTP 500, 502, 503 or 504). Whether a request was applied is unknown for 500 and 504, so
 * only idempotent or ETag-guarded calls are retried after it. Retryable. Immutable.
 */
public class ServiceUnavailableException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status, 500 to 599
     * @param message what failed
     */
    public ServiceUnavailableException(int statusCode, String message) {
        super(statusCode, "", message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
