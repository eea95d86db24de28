package dev.fleetops.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: at most {@code amount} operations per {@code window}. Immutable and thread-safe.
 *
 * @param amount operations allowed per window, at least 1
 * @param window the window, positive
 */
public record Quota(long amount, Duration window) {

    /**
     * Validates the quota.
     *
     * @param amount operations allowed per window, at least 1
     * @param window the window, positive
     * @throws IllegalArgumentException if the amount is below 1 or the window is not positive
     */
    public Quota {
        Objects.requireNonNull(window, "window");
        if (amount < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("quota " + amount + " per " + window + " is not a positive rate");
        }
    }

    /**
     * Returns the quota as operations per second.
     *
     * @return the rate, per second
     */
    public double perSecond() {
        return amount * 1_000_000_000.0 / window.toNanos();
    }

    /**
     * Returns {@code amount} per minute.
     *
     * @param amount operations per minute
     * @return the quota
     */
    public static Quota perMinute(long amount) {
        return new Quota(amount, Duration.ofMinutes(1));
    }

    /**
     * Returns {@code amount} per second.
     *
     * @param amount operations per second
     * @return the quota
     */
    public static Quota perSecond(long amount) {
        return new Quota(amount, Duration.ofSeconds(1));
    }
}
