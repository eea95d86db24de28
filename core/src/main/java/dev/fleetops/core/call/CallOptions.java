package dev.fleetops.core.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call may take: a deadline that spans all its attempts, pacing waits and backoffs; a timeout for each
 * attempt; and the longest it may wait for pacing quota before it gives up instead. Set defaults with
 * {@code FleetClient.Builder.callOptions(...)} and override them for some calls with
 * {@link dev.fleetops.core.FleetClient#with(CallOptions)}.
 *
 * <p>A call that reaches a bound throws {@link dev.fleetops.core.error.DeadlineExceededException} and gives back the
 * pacing quota it reserved and did not use. The attempt timeout is passed to the backend for each attempt (as at
 * most the time left before the deadline): the Azure backend uses it as the request timeout of its own HTTP calls;
 * an attempt that times out counts as an ambiguous failure, so it is retried only when the call is safe to repeat.
 * All durations are on the client's clock (virtual time on a {@link dev.fleetops.core.time.VirtualClock}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param deadline the most time one call may take, attempts, waits and backoffs included; positive
 * @param attemptTimeout the most time one attempt may take; positive
 * @param maxPacingWait the longest wait for pacing quota a call accepts; zero or positive
 */
public record CallOptions(Duration deadline, Duration attemptTimeout, Duration maxPacingWait) {

    private static final CallOptions DEFAULTS = new CallOptions(Duration.ofMinutes(10), Duration.ofSeconds(60),
            Duration.ofMinutes(5));

    /**
     * Validates the options.
     *
     * @param deadline the most time one call may take, attempts, waits and backoffs included; positive
     * @param attemptTimeout the most time one attempt may take; positive
     * @param maxPacingWait the longest wait for pacing quota a call accepts; zero or positive
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if the deadline or attempt timeout is not positive, or the maximum pacing
     *     wait is negative
     */
    public CallOptions {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(maxPacingWait, "maxPacingWait");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("call deadline is " + deadline + "; it must be positive");
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attempt timeout is " + attemptTimeout + "; it must be positive");
        }
        if (maxPacingWait.isNegative()) {
            throw new IllegalArgumentException("maximum pacing wait is " + maxPacingWait + "; it must not be "
                    + "negative");
        }
    }

    /**
     * Returns the defaults: a 10-minute deadline (room for the default retry policy's backoffs, which outlast IoT
     * Hub's one-minute throttling windows, and for one {@code Retry-After} at its 5-minute cap), a 60-second attempt
     * timeout, and a 5-minute maximum pacing wait.
     *
     * @return the defaults
     */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with another deadline.
     *
     * @param value the deadline, positive
     * @return new options
     * @throws IllegalArgumentException if it is not positive
     */
    public CallOptions withDeadline(Duration value) {
        return new CallOptions(value, attemptTimeout, maxPacingWait);
    }

    /**
     * Returns these options with another attempt timeout.
     *
     * @param value the timeout, positive
     * @return new options
     * @throws IllegalArgumentException if it is not positive
     */
    public CallOptions withAttemptTimeout(Duration value) {
        return new CallOptions(deadline, value, maxPacingWait);
    }

    /**
     * Returns these options with another maximum pacing wait.
     *
     * @param value the wait, zero (never wait for quota) or positive
     * @return new options
     * @throws IllegalArgumentException if it is negative
     */
    public CallOptions withMaxPacingWait(Duration value) {
        return new CallOptions(deadline, attemptTimeout, value);
    }
}
