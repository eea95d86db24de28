package dev.fleetops.core.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the embedded hub can inject into a call, to test how code copes with a real hub's bad days.
 * Immutable and thread-safe.
 *
 * @param kind what happens
 * @param statusCode the HTTP status for {@link Kind#SERVER_ERROR} (500 to 599), 429 for throttling, else 0
 * @param delay the added latency for {@link Kind#LATENCY}, else zero
 */
public record Fault(Kind kind, int statusCode, Duration delay) {

    /** What an injected fault does. */
    public enum Kind {
        /** Refuse the call with 429 before processing it. */
        THROTTLE,
        /** Fail the call with a 5xx status before processing it. */
        SERVER_ERROR,
        /** Drop the connection before the call is processed. */
        CONNECTION_RESET,
        /** Process the call, then drop the connection so the caller never sees the answer. */
        RESET_AFTER_APPLY,
        /** Answer, but only after a delay on the hub's clock. */
        LATENCY
    }

    /**
     * Validates the fault.
     *
     * @param kind what happens
     * @param statusCode the HTTP status for {@link Kind#SERVER_ERROR} (500 to 599), 429 for throttling, else 0
     * @param delay the added latency for {@link Kind#LATENCY}, else zero
     * @throws IllegalArgumentException if the status or delay does not fit the kind
     */
    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (kind == Kind.SERVER_ERROR && (statusCode < 500 || statusCode > 599)) {
            throw new IllegalArgumentException("a server error has a 5xx status, not " + statusCode);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency is negative: " + delay);
        }
    }

    /**
     * Returns a 429 before processing.
     *
     * @return the fault
     */
    public static Fault throttle() {
        return new Fault(Kind.THROTTLE, 429, Duration.ZERO);
    }

    /**
     * Returns a 5xx before processing.
     *
     * @param statusCode 500 to 599, for example 503
     * @return the fault
     */
    public static Fault serverError(int statusCode) {
        return new Fault(Kind.SERVER_ERROR, statusCode, Duration.ZERO);
    }

    /**
     * Returns a connection reset before processing.
     *
     * @return the fault
     */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, Duration.ZERO);
    }

    /**
     * Returns a connection reset after the hub has applied the call.
     *
     * @return the fault
     */
    public static Fault resetAfterApply() {
        return new Fault(Kind.RESET_AFTER_APPLY, 0, Duration.ZERO);
    }

    /**
     * Returns added latency.
     *
     * @param delay how long the call takes in addition, on the hub's clock
     * @return the fault
     */
    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, 0, delay);
    }
}
