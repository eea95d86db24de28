package dev.fleetops.testkit.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the emulator does to a request picked by an {@link EmulatorFaultRule}: answer 429 or 503 without touching the
 * hub, drop the connection before or after the hub applied the request, or answer slowly. Immutable and thread-safe.
 *
 * @param kind what happens
 * @param retryAfter for {@link Kind#THROTTLE}, the {@code Retry-After} header to send (whole seconds), or empty for
 *     none
 * @param delay for {@link Kind#SLOW}, how long the answer is held back (wall-clock time), else zero
 * @param action for {@link Kind#RUN_AFTER_APPLY}, what runs between the hub's processing and the answer, else a
 *     no-op
 */
public record EmulatorFault(Kind kind, Optional<Duration> retryAfter, Duration delay, Runnable action) {

    private static final Runnable NOTHING = () -> { };

    /** What an emulator fault does. */
    public enum Kind {
        /** Answer 429 {@code ThrottlingException} before the hub sees the request. */
        THROTTLE,
        /** Answer 503 {@code ServerBusy} before the hub sees the request. */
        SERVER_BUSY,
        /** Reset the connection (TCP RST) before the hub sees the request. */
        RESET_BEFORE_PROCESSING,
        /** Pass the request to the hub, then reset the connection instead of answering. */
        RESET_AFTER_APPLY,
        /** Pass the request to the hub and answer after a fixed delay. */
        SLOW,
        /**
         * Pass the request to the hub, run an action, then answer: what another client does between this request
         * and the caller's next one, placed there exactly, without timing.
         */
        RUN_AFTER_APPLY
    }

    /**
     * Creates a fault without an action.
     *
     * @param kind what happens; not {@link Kind#RUN_AFTER_APPLY}
     * @param retryAfter the {@code Retry-After} of a throttle, or empty
     * @param delay the delay of a slow answer, else zero
     * @throws IllegalArgumentException as the canonical constructor does
     */
    public EmulatorFault(Kind kind, Optional<Duration> retryAfter, Duration delay) {
        this(kind, retryAfter, delay, NOTHING);
    }

    /**
     * Validates the fault.
     *
     * @param kind what happens
     * @param retryAfter the {@code Retry-After} of a throttle, or empty
     * @param delay the delay of a slow answer, else zero
     * @param action what runs after the hub processed the request, for {@link Kind#RUN_AFTER_APPLY}
     * @throws IllegalArgumentException if a duration is negative or does not fit the kind
     */
    public EmulatorFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(delay, "delay");
        if (retryAfter.isPresent() && (kind != Kind.THROTTLE || retryAfter.get().isNegative())) {
            throw new IllegalArgumentException("Retry-After goes with a throttle and is zero or more, not "
                    + retryAfter.get() + " on " + kind);
        }
        if (delay.isNegative() || (kind != Kind.SLOW && !delay.isZero())) {
            throw new IllegalArgumentException("a delay goes with a slow answer and is zero or more, not " + delay
                    + " on " + kind);
        }
    }

    /**
     * Returns a fault that lets the hub process the request, runs {@code action} (on the emulator's thread that
     * serves the request, so it may call the embedded hub or the emulator itself), then answers normally. A failure
     * of the action is logged and does not change the answer.
     *
     * @param action what happens between the request and its answer, for example another client's change
     * @return the fault
     */
    public static EmulatorFault runAfterApply(Runnable action) {
        return new EmulatorFault(Kind.RUN_AFTER_APPLY, Optional.empty(), Duration.ZERO, action);
    }

    /**
     * Returns a 429 without {@code Retry-After}.
     *
     * @return the fault
     */
    public static EmulatorFault throttle() {
        return new EmulatorFault(Kind.THROTTLE, Optional.empty(), Duration.ZERO);
    }

    /**
     * Returns a 429 with {@code Retry-After} in whole seconds (rounded up).
     *
     * @param retryAfter zero or more
     * @return the fault
     */
    public static EmulatorFault throttle(Duration retryAfter) {
        return new EmulatorFault(Kind.THROTTLE, Optional.of(retryAfter), Duration.ZERO);
    }

    /**
     * Returns a 503 {@code ServerBusy}.
     *
     * @return the fault
     */
    public static EmulatorFault serverBusy() {
        return new EmulatorFault(Kind.SERVER_BUSY, Optional.empty(), Duration.ZERO);
    }

    /**
     * Returns a connection reset before the hub sees the request: nothing is applied.
     *
     * @return the fault
     */
    public static EmulatorFault resetBeforeProcessing() {
        return new EmulatorFault(Kind.RESET_BEFORE_PROCESSING, Optional.empty(), Duration.ZERO);
    }

    /**
     * Returns a connection reset after the hub has applied the request: the change is made, the caller never sees
     * the answer. A blind retry of a non-idempotent call (an unconditional twin patch) then applies it twice.
     *
     * @return the fault
     */
    public static EmulatorFault resetAfterApply() {
        return new EmulatorFault(Kind.RESET_AFTER_APPLY, Optional.empty(), Duration.ZERO);
    }

    /**
     * Returns a slow answer: the hub processes the request at once and the answer leaves after {@code delay}.
     *
     * @param delay how long, in wall-clock time (milliseconds are the resolution)
     * @return the fault
     */
    public static EmulatorFault slow(Duration delay) {
        return new EmulatorFault(Kind.SLOW, Optional.empty(), delay);
    }

    /**
     * Retry-After in whole seconds, rounded up, as the header carries it.
     *
     * @return the seconds, or empty when none is sent
     */
    Optional<Long> retryAfterSeconds() {
        return retryAfter.map(d -> d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }
}
