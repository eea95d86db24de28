package dev.fleetops.rollout;

import dev.fleetops.rollout.model.RolloutEvent;

/**
 * Hears a rollout's events, in order. Registered on the {@link RolloutManager.Builder}. Listeners are called on the
 * engine's thread: they must be fast, must not block, and must not throw (what they throw is logged and dropped;
 * the rollout goes on), as OkHttp asks of its event listeners.
 */
@FunctionalInterface
public interface RolloutListener {

    /**
     * Called for every event.
     *
     * @param event the event
     */
    void onEvent(RolloutEvent event);
}
