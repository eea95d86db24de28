package dev.fleetops.core.call;

import dev.fleetops.core.model.OperationClass;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened to a call on its way through the call policy, as told to a {@link CallListener}. The
 * variants are records; Java 17 code switches over them with {@code instanceof}, or implements the listener's typed
 * methods. Immutable and thread-safe.
 */
public sealed interface CallEvent permits CallEvent.AttemptStarted, CallEvent.PacingWaited, CallEvent.Throttled,
        CallEvent.Retrying, CallEvent.CallEnded {

    /**
     * Returns the call the event is about.
     *
     * @return the call
     */
    CallInfo call();

    /**
     * An attempt is about to be sent (its pacing wait, if any, is over).
     *
     * @param call the call
     * @param attempt 1 for the first attempt
     */
    record AttemptStarted(CallInfo call, int attempt) implements CallEvent {
        /**
         * Validates the event.
         *
         * @param call the call
         * @param attempt 1 for the first attempt
         * @throws NullPointerException if the call is null
         */
        public AttemptStarted {
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * The call waited for pacing quota before an attempt, or before an extra hub operation its backend reported.
     *
     * @param call the call
     * @param operationClass the class whose quota was waited for (a backend may charge another class than the
     *     call's own, for example a read before a write)
     * @param permits how many permits were reserved
     * @param waited how long the call waited, on the client's clock
     */
    record PacingWaited(CallInfo call, OperationClass operationClass, long permits, Duration waited)
            implements CallEvent {
        /**
         * Validates the event.
         *
         * @param call the call
         * @param operationClass the class whose quota was waited for (a backend may charge another class than the call's own, for example a read before a write)
         * @param permits how many permits were reserved
         * @param waited how long the call waited, on the client's clock
         * @throws NullPointerException if a component is null
         */
        public PacingWaited {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(operationClass, "operationClass");
            Objects.requireNonNull(waited, "waited");
        }
    }

    /**
     * The hub answered an attempt with 429: it did not process it.
     *
     * @param call the call
     * @param attempt the attempt that was throttled
     * @param retryAfter the hub's {@code Retry-After}, or {@link Duration#ZERO} when it gave none
     */
    record Throttled(CallInfo call, int attempt, Duration retryAfter) implements CallEvent {
        /**
         * Validates the event.
         *
         * @param call the call
         * @param attempt the attempt that was throttled
         * @param retryAfter the hub's {@code Retry-After}, or {@link Duration#ZERO} when it gave none
         * @throws NullPointerException if a component is null
         */
        public Throttled {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * An attempt failed in a way the call's safety allows to retry, and the call will try again after a backoff.
     *
     * @param call the call
     * @param attempt the attempt that failed
     * @param failure the simple class name of the failure, for example {@code ServiceUnavailableException}
     * @param backoff how long the call waits before the next attempt
     */
    record Retrying(CallInfo call, int attempt, String failure, Duration backoff) implements CallEvent {
        /**
         * Validates the event.
         *
         * @param call the call
         * @param attempt the attempt that failed
         * @param failure the simple class name of the failure, for example {@code ServiceUnavailableException}
         * @param backoff how long the call waits before the next attempt
         * @throws NullPointerException if a component is null
         */
        public Retrying {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /**
     * The call ended.
     *
     * @param call the call
     * @param outcome how it ended
     * @param attempts how many attempts were sent (0 when it ended while waiting for quota)
     * @param latency from the start of the call to its end, waits included, on the client's clock
     * @param failure the simple class name of the exception the caller gets, or empty when it succeeded
     */
    record CallEnded(CallInfo call, Outcome outcome, int attempts, Duration latency, String failure)
            implements CallEvent {
        /**
         * Validates the event.
         *
         * @param call the call
         * @param outcome how it ended
         * @param attempts how many attempts were sent (0 when it ended while waiting for quota)
         * @param latency from the start of the call to its end, waits included, on the client's clock
         * @param failure the simple class name of the exception the caller gets, or empty when it succeeded
         * @throws NullPointerException if a component is null
         */
        public CallEnded {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** How a call ended. Thread-safe (an enum). */
    enum Outcome {
        /** The backend answered with a result. */
        SUCCEEDED,
        /** The last attempt failed and could not, or might not, be retried. */
        FAILED,
        /** The deadline passed or the pacing wait was above its maximum. */
        TIMED_OUT,
        /** The calling thread was interrupted while the call waited. */
        INTERRUPTED
    }
}
