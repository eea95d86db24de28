package dev.fleetops.core.spi;

import dev.fleetops.core.call.Attempt;

import java.util.Optional;

/**
 * Where a hub backend finds the attempt it is serving: the client's call policy sets it on the calling thread for
 * the duration of each attempt. A backend reads the attempt's {@link Attempt#timeout()} to bound its own request,
 * and {@link Attempt#charge charges} the extra hub operations one SPI call makes (a read before a write, a repeat
 * after a 412), so that pacing and statistics count what the hub counts.
 *
 * <p>A backend called directly, without a client, finds no attempt and must work all the same. Thread-safe: each
 * thread sees only its own attempt.
 */
public final class Attempts {

    private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

    private Attempts() {
    }

    /**
     * Returns the attempt the calling thread is serving.
     *
     * @return the attempt, or empty when the backend is called outside a client's call
     */
    public static Optional<Attempt> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Charges extra hub operations to the current attempt, if there is one; does nothing otherwise.
     *
     * @param operationClass the class they count in
     * @param permits how many, at least 1
     * @throws IllegalArgumentException if {@code permits} is below 1
     * @throws dev.fleetops.core.error.DeadlineExceededException if the quota cannot be had in time
     * @throws dev.fleetops.core.error.InterruptedCallException if the thread is interrupted while waiting
     */
    public static void charge(dev.fleetops.core.model.OperationClass operationClass, long permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits is " + permits + "; charge at least 1");
        }
        Attempt a = CURRENT.get();
        if (a != null) {
            a.charge(operationClass, permits);
        }
    }

    /**
     * Runs {@code body} with {@code attempt} as the calling thread's current attempt, restoring the previous one
     * after (attempts nest when a call's backend makes another call through the same client). For the call policy.
     *
     * @param attempt the attempt
     * @param body what to run
     * @param <T> the result type
     * @return the body's result
     */
    public static <T> T with(Attempt attempt, java.util.function.Supplier<T> body) {
        Attempt previous = CURRENT.get();
        CURRENT.set(attempt);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
