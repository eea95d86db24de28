package dev.fleetops.core.error;


/**
 * The root of every exception FleetOps throws (argument checks aside, which use the JDK's exceptions).
 *
 * <p>Two branches: {@link FleetClientException} for failures on this side (configuration, invalid queries, access
 * refused, transport errors) and {@link FleetServiceException} for answers from the hub. {@link #retryable()} tells
 * whether the same call may succeed when tried again; FleetClient's call policy already retries what is safe to
 * retry. Messages never contain a key, SAS token or connection string. Instances are immutable.
 */
public abstract class FleetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the input and the rule
     */
    protected FleetException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    protected FleetException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Tells whether trying the same call again may succeed (throttling, a busy service, a lost connection).
     *
     * @return true for transient failures
     */
    public abstract boolean retryable();
}
