package dev.fleetops.rollout.model;

import dev.fleetops.core.model.DeviceId;

import java.time.Instant;
import java.util.List;

/**
 * What happened in a rollout, in the order it happened, to {@code RolloutListener}s. Records of a sealed
 * interface; each carries the rollout, the time on the client's clock, and what it is about. Immutable and
 * thread-safe.
 */
public sealed interface RolloutEvent {

    /**
     * Returns the rollout.
     *
     * @return the rollout's id
     */
    RolloutId rollout();

    /**
     * Returns when it happened, on the client's clock.
     *
     * @return the time
     */
    Instant at();

    /**
     * The rollout moved from one state to another.
     *
     * @param rollout the rollout
     * @param at when
     * @param from the state before
     * @param to the state after
     * @param wave the current wave
     * @param reason why, for people
     */
    record StateChanged(RolloutId rollout, Instant at, RolloutState from, RolloutState to, int wave, String reason)
            implements RolloutEvent {
    }

    /**
     * A wave started: its devices may now be patched.
     *
     * @param rollout the rollout
     * @param at when
     * @param wave the wave
     * @param devices how many devices it holds
     */
    record WaveStarted(RolloutId rollout, Instant at, int wave, int devices) implements RolloutEvent {
    }

    /**
     * A device's twin received the change.
     *
     * @param rollout the rollout
     * @param at when
     * @param device the device
     * @param wave its wave
     */
    record DeviceApplied(RolloutId rollout, Instant at, DeviceId device, int wave) implements RolloutEvent {
    }

    /**
     * A device reached a verdict, or was skipped, rolled back or found in conflict.
     *
     * @param rollout the rollout
     * @param at when
     * @param device the device
     * @param wave its wave
     * @param state its new state
     * @param note why, possibly empty
     */
    record DeviceChanged(RolloutId rollout, Instant at, DeviceId device, int wave, DeviceState state, String note)
            implements RolloutEvent {
    }

    /**
     * A wave's gates decided, with the counts and the evidence.
     *
     * @param rollout the rollout
     * @param at when
     * @param summary the wave's counts
     * @param result the decision
     * @param gate which gate decided ({@code "gates"} for the plan's thresholds, or a health gate's name)
     */
    record GateDecided(RolloutId rollout, Instant at, WaveSummary summary, GateResult result, String gate)
            implements RolloutEvent {
    }

    /**
     * A rollback left values that someone else wrote since the rollout.
     *
     * @param rollout the rollout
     * @param at when
     * @param device the device
     * @param paths the desired paths left as they are
     */
    record RollbackConflict(RolloutId rollout, Instant at, DeviceId device, List<String> paths)
            implements RolloutEvent {

        /**
         * Copies the paths.
         *
         * @param rollout the rollout
         * @param at when
         * @param device the device
         * @param paths the paths left
         */
        public RollbackConflict {
            paths = List.copyOf(paths);
        }
    }
}
