package dev.fleetops.core.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link dev.fleetops.core.FleetClient} retries a failed hub call: at most {@code maxAttempts} attempts, waiting between them
 * an exponentially growing backoff with random jitter. The n-th wait (n from 1) is
 * {@code initialBackoff * multiplier^(n-1)}, spread uniformly by &plusmn;{@code jitter} of itself and then capped at
 * {@code maxBackoff}; when the hub names a wait ({@code Retry-After} on a 429), the client waits at least that long.
 *
 * <p>Which failures are retried is not configurable: throttling (429) always, and a busy or failing hub (5xx) or a
 * broken connection only for calls that are safe to repeat (idempotent or ETag-guarded). Immutable and thread-safe.
 *
 * @param maxAttempts attempts in total, first included, at least 1 (1 means no retry)
 * @param initialBackoff the first wait, at least 1 ms
 * @param maxBackoff the longest wait, at least {@code initialBackoff}
 * @param multiplier how much each wait grows, at least 1.0
 * @param jitter the random spread as a fraction of each wait, 0 (none) up to but excluding 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    /**
     * IoT Hub throttles over one-minute windows, so the default budget outlasts a minute: about two minutes of
     * waiting in all before a throttled call gives up.
     */
    private static final RetryPolicy DEFAULTS = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(30),
            2.0, 0.5);

    /**
     * Validates the policy.
     *
     * @param maxAttempts attempts in total, first included, at least 1 (1 means no retry)
     * @param initialBackoff the first wait, at least 1 ms
     * @param maxBackoff the longest wait, at least {@code initialBackoff}
     * @param multiplier how much each wait grows, at least 1.0
     * @param jitter the random spread as a fraction of each wait, 0 (none) up to but excluding 1
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a value is outside the range given for it
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + "; it must be at least 1");
        }
        if (initialBackoff.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("initialBackoff is " + initialBackoff + "; it must be at least 1 ms");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier is " + multiplier + "; it must be at least 1.0");
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter is " + jitter + "; it must be at least 0 and below 1");
        }
    }

    /**
     * Returns the default policy: 10 attempts, waits from 500 ms doubling up to 30 s, jitter &plusmn;50%; about two
     * minutes of waiting in all, which outlasts the one-minute windows IoT Hub throttles over.
     *
     * @return the policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that never retries: every failure reaches the caller at once.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return DEFAULTS.withMaxAttempts(1);
    }

    /**
     * Returns this policy with another attempt count.
     *
     * @param attempts attempts in total, at least 1
     * @return the new policy
     * @throws IllegalArgumentException if {@code attempts} is below 1
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    /**
     * Returns this policy with other waits.
     *
     * @param initial the first wait, at least 1 ms
     * @param max the longest wait, at least {@code initial}
     * @return the new policy
     * @throws IllegalArgumentException if a wait is out of range
     */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter);
    }

    /**
     * Returns this policy with another jitter.
     *
     * @param fraction the random spread, 0 up to but excluding 1
     * @return the new policy
     * @throws IllegalArgumentException if the fraction is out of range
     */
    public RetryPolicy withJitter(double fraction) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, fraction);
    }
}
