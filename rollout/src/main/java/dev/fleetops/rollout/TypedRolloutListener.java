package dev.fleetops.rollout;

import dev.fleetops.rollout.model.RolloutEvent;

/**
 * A {@link RolloutListener} with one method per kind of event, for code that prefers overriding
 * {@code onWaveStarted} to testing types (Java 17 has no pattern-matching switch). Every method does nothing by
 * default; override those you need. The same contract as {@link RolloutListener}: fast, non-blocking, never
 * throwing.
 */
public interface TypedRolloutListener extends RolloutListener {

    /**
     * Dispatches to the typed method of the event's kind.
     *
     * @param event the event
     */
    @Override
    default void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.StateChanged) {
            onStateChanged((RolloutEvent.StateChanged) event);
        } else if (event instanceof RolloutEvent.WaveStarted) {
            onWaveStarted((RolloutEvent.WaveStarted) event);
        } else if (event instanceof RolloutEvent.DeviceApplied) {
            onDeviceApplied((RolloutEvent.DeviceApplied) event);
        } else if (event instanceof RolloutEvent.DeviceChanged) {
            onDeviceChanged((RolloutEvent.DeviceChanged) event);
        } else if (event instanceof RolloutEvent.GateDecided) {
            onGateDecided((RolloutEvent.GateDecided) event);
        } else if (event instanceof RolloutEvent.RollbackConflict) {
            onRollbackConflict((RolloutEvent.RollbackConflict) event);
        } else if (event instanceof RolloutEvent.WaveProgress) {
            onWaveProgress((RolloutEvent.WaveProgress) event);
        } else if (event instanceof RolloutEvent.JobScheduled) {
            onJobScheduled((RolloutEvent.JobScheduled) event);
        } else if (event instanceof RolloutEvent.StrategyFallback) {
            onStrategyFallback((RolloutEvent.StrategyFallback) event);
        } else if (event instanceof RolloutEvent.Throttled) {
            onThrottled((RolloutEvent.Throttled) event);
        }
    }

    /**
     * The rollout moved from one state to another.
     *
     * @param event the event
     */
    default void onStateChanged(RolloutEvent.StateChanged event) {
    }

    /**
     * A wave started.
     *
     * @param event the event
     */
    default void onWaveStarted(RolloutEvent.WaveStarted event) {
    }

    /**
     * A device received the change.
     *
     * @param event the event
     */
    default void onDeviceApplied(RolloutEvent.DeviceApplied event) {
    }

    /**
     * A device reached a verdict, was skipped, rolled back or found in conflict.
     *
     * @param event the event
     */
    default void onDeviceChanged(RolloutEvent.DeviceChanged event) {
    }

    /**
     * A wave's gates (or one health gate) decided.
     *
     * @param event the event
     */
    default void onGateDecided(RolloutEvent.GateDecided event) {
    }

    /**
     * A rollback left a value someone else wrote.
     *
     * @param event the event
     */
    default void onRollbackConflict(RolloutEvent.RollbackConflict event) {
    }

    /**
     * A wave's counts from the engine's latest evaluation.
     *
     * @param event the event
     */
    default void onWaveProgress(RolloutEvent.WaveProgress event) {
    }

    /**
     * The engine scheduled a hub job.
     *
     * @param event the event
     */
    default void onJobScheduled(RolloutEvent.JobScheduled event) {
    }

    /**
     * Devices get per-device patches instead of a job.
     *
     * @param event the event
     */
    default void onStrategyFallback(RolloutEvent.StrategyFallback event) {
    }

    /**
     * The client's calls were throttled.
     *
     * @param event the event
     */
    default void onThrottled(RolloutEvent.Throttled event) {
    }
}
