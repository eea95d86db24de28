package dev.fleetops.core.error;

/**
 * A failure on the caller's side of the wire: configuration, invalid input detected before any call, refused
 * access, or a transport failure. Not retryable unless a subclass says so. Immutable.
 */
public class FleetClientException extends FleetException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public FleetClientException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public FleetClientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
