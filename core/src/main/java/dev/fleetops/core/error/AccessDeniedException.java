package dev.fleetops.core.error;


/**
 * The configured {@code Authorizer} refused an operator an operation; nothing was sent to the hub. Not retryable.
 * Immutable.
 */
public class AccessDeniedException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message who was refused what, and which role would allow it
     */
    public AccessDeniedException(String message) {
        super(message);
    }
}
