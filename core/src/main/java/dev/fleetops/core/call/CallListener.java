package dev.fleetops.core.call;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hears what happens to every call of a {@link dev.fleetops.core.FleetClient}: attempts, pacing waits, throttles,
 * retries and the end of each call with its latency and outcome. Register one with
 * {@code FleetClient.Builder.callListener(...)}; metrics binders and progress displays are built on it.
 *
 * <p>The contract, as for OkHttp's {@code EventListener}: methods run on the calling thread, in the call's order,
 * and must be fast; they must not block, call the client, or take locks that other code holds while calling the
 * client. Implementations must be thread-safe, since calls run on many threads at once. An exception thrown by a
 * listener is caught and logged (its class only) and never reaches the call. Every method has an empty default.
 */
public interface CallListener {

    /** A listener that does nothing. */
    CallListener NONE = new CallListener() { };

    /**
     * An attempt is about to be sent.
     *
     * @param event the event
     */
    default void onAttemptStarted(CallEvent.AttemptStarted event) {
    }

    /**
     * The call waited for pacing quota.
     *
     * @param event the event
     */
    default void onPacingWaited(CallEvent.PacingWaited event) {
    }

    /**
     * The hub throttled an attempt (429).
     *
     * @param event the event
     */
    default void onThrottled(CallEvent.Throttled event) {
    }

    /**
     * An attempt failed and the call will try again after a backoff.
     *
     * @param event the event
     */
    default void onRetrying(CallEvent.Retrying event) {
    }

    /**
     * The call ended.
     *
     * @param event the event
     */
    default void onCallEnded(CallEvent.CallEnded event) {
    }

    /**
     * Returns a listener that hands every event to one consumer, for code that prefers one method with
     * {@code instanceof} over the typed methods.
     *
     * @param consumer receives each event; must follow the listener contract
     * @return the listener
     */
    static CallListener of(Consumer<? super CallEvent> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return new CallListener() {
            @Override
            public void onAttemptStarted(CallEvent.AttemptStarted event) {
                consumer.accept(event);
            }

            @Override
            public void onPacingWaited(CallEvent.PacingWaited event) {
                consumer.accept(event);
            }

            @Override
            public void onThrottled(CallEvent.Throttled event) {
                consumer.accept(event);
            }

            @Override
            public void onRetrying(CallEvent.Retrying event) {
                consumer.accept(event);
            }

            @Override
            public void onCallEnded(CallEvent.CallEnded event) {
                consumer.accept(event);
            }
        };
    }

    /**
     * Returns a listener that tells each of these listeners in turn; one that throws does not keep the others from
     * hearing the event.
     *
     * @param listeners the listeners
     * @return the listener
     */
    static CallListener all(List<? extends CallListener> listeners) {
        List<CallListener> copy = List.copyOf(listeners);
        return CallListeners.composite(copy);
    }

    /**
     * Delivers an event to the typed method it belongs to.
     *
     * @param event the event
     */
    default void on(CallEvent event) {
        if (event instanceof CallEvent.AttemptStarted e) {
            onAttemptStarted(e);
        } else if (event instanceof CallEvent.PacingWaited e) {
            onPacingWaited(e);
        } else if (event instanceof CallEvent.Throttled e) {
            onThrottled(e);
        } else if (event instanceof CallEvent.Retrying e) {
            onRetrying(e);
        } else if (event instanceof CallEvent.CallEnded e) {
            onCallEnded(e);
        }
    }
}
