package dev.fleetops.core.call;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Listener plumbing: delivering an event so that a throwing listener never reaches the call. Thread-safe. */
final class CallListeners {

    private static final Logger LOG = LoggerFactory.getLogger(CallListener.class);

    private CallListeners() {
    }

    static CallListener composite(List<CallListener> listeners) {
        return new CallListener() {
            @Override
            public void on(CallEvent event) {
                for (CallListener l : listeners) {
                    deliver(l, event);
                }
            }

            @Override
            public void onAttemptStarted(CallEvent.AttemptStarted event) {
                on(event);
            }

            @Override
            public void onPacingWaited(CallEvent.PacingWaited event) {
                on(event);
            }

            @Override
            public void onThrottled(CallEvent.Throttled event) {
                on(event);
            }

            @Override
            public void onRetrying(CallEvent.Retrying event) {
                on(event);
            }

            @Override
            public void onCallEnded(CallEvent.CallEnded event) {
                on(event);
            }
        };
    }

    /**
     * Tells one listener of one event; a failure of the listener is logged by class (its message may quote the
     * event, which is not secret, but a listener's own state might be) and swallowed.
     *
     * @param listener the listener
     * @param event the event
     */
    static void deliver(CallListener listener, CallEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("call listener {} failed on {} callId={}: {}", listener.getClass().getName(),
                    event.getClass().getSimpleName(), event.call().callId(), e.getClass().getName());
        }
    }
}
