package dev.fleetops.core.error;

/**
 * The call did not complete on the wire: connection refused or reset, timeout, broken TLS. Whether the hub applied
 * the request is unknown, so only idempotent or ETag-guarded calls are retried after it. Retryable. Immutable.
 */
public class TransportException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the operation (never a credential)
     * @param cause the I/O failure
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what failed
     */
    public TransportException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
