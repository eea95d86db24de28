package dev.fleetops.core.error;

/**
 * The calling thread was interrupted while a call waited (for quota, for a retry's backoff, or for a job). The call
 * stopped, gave back the quota it had reserved and not used, and the thread's interrupt flag is set again so that
 * the caller's own code sees it. An attempt already sent may or may not have been applied by the hub.
 *
 * <p>Not retryable. Immutable.
 */
public class InterruptedCallException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was interrupted, without secrets
     */
    public InterruptedCallException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was interrupted, without secrets
     * @param cause the {@link InterruptedException} or failure that revealed the interrupt
     */
    public InterruptedCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
