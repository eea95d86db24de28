package dev.fleetops.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A call ran out of time on the client before it could finish: its deadline (which spans every attempt, pacing
 * wait and backoff) passed, or the pacing wait it would need is longer than the client's maximum. Whatever quota the
 * call had reserved and not used was given back. When the last attempt had failed, that failure is the cause; when
 * an attempt was sent and its answer is unknown, the hub may have applied it.
 *
 * <p>Not retryable as such (retrying is the caller's decision, with a longer deadline or later). Immutable.
 */
public class DeadlineExceededException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /** Which bound the call hit. Thread-safe (an enum). */
    public enum Bound {
        /** The deadline across all attempts passed, or would pass during the next wait. */
        DEADLINE,
        /** The pacing wait for quota is longer than the maximum pacing wait. */
        MAX_PACING_WAIT
    }

    private final Bound bound;
    private final Duration limit;

    /**
     * Creates the exception.
     *
     * @param message what ran out, without secrets
     * @param bound which bound was hit
     * @param limit the bound's value
     * @param cause the last attempt's failure, or null
     */
    public DeadlineExceededException(String message, Bound bound, Duration limit, Throwable cause) {
        super(message, cause);
        this.bound = Objects.requireNonNull(bound, "bound");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * Returns the bound the call hit.
     *
     * @return the bound
     */
    public Bound bound() {
        return bound;
    }

    /**
     * Returns the bound's value: the deadline or the maximum pacing wait.
     *
     * @return the limit
     */
    public Duration limit() {
        return limit;
    }
}
