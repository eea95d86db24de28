package dev.fleetops.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The hub refused the call because a throttle was exceeded (HTTP 429, {@code ThrottlingException}). The request was
 * not processed, so trying again later is safe. FleetClient paces calls to the hub's quota and absorbs these;
 * callers see one only when retries ran out. Retryable. Immutable.
 */
public class ThrottledException extends FleetServiceException {

    private static final long serialVersionUID = 1L;

    /** The wait the hub asked for, or null when it named none; serialisable unlike Optional. */
    private final Duration retryAfter;

    /**
     * Creates the exception for a refusal that named no wait.
     *
     * @param message which operation was throttled
     */
    public ThrottledException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message which operation was throttled
     * @param retryAfter the wait the hub asked for ({@code Retry-After}), or null when it named none
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public ThrottledException(String message, Duration retryAfter) {
        super(429, "429001", message);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /**
     * Returns the wait the hub asked for in its {@code Retry-After} header.
     *
     * @return the wait, or empty when the hub named none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
