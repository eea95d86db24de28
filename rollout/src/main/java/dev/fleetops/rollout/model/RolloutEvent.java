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
     * A device's twin received the change from a per-device patch. Devices a hub job changes are counted, not
     * announced one by one: see {@link WaveProgress} and {@link JobScheduled}.
     *
     * @param rollout the rollout
     * @param at when
     * @param device the device
     * @param wave its wave
     */
    record DeviceApplied(RolloutId rollout, Instant at, DeviceId device, int wave) implements RolloutEvent {
    }

    /**
     * A device reached a verdict, or was skipped, rolled back or found in conflict. Failures and timeouts come one by
     * one with either strategy (each confirmed by reading the twin); verified devices a hub job changed are counted in
     * {@link WaveProgress} and the wave's tally instead.
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

    /**
     * A wave's counts as the engine's hub queries last saw them (the query index may lag the twins by minutes; the
     * engine reads twins by id before it decides on a device).
     *
     * @param rollout the rollout
     * @param at when
     * @param wave the wave
     * @param applied devices whose twin holds the change (marked with the rollout's tag)
     * @param verified devices whose success condition has held for the soak time
     * @param failed devices whose failure condition holds
     * @param timedOut devices without a verdict after the per-device timeout
     * @param queries hub queries this evaluation cost
     */
    record WaveProgress(RolloutId rollout, Instant at, int wave, long applied, long verified, long failed,
                        long timedOut, int queries) implements RolloutEvent {
    }

    /**
     * The engine scheduled a hub job: to change a group of a wave's devices, or to roll a group back.
     *
     * @param rollout the rollout
     * @param at when
     * @param wave the wave (for a rollback job, the highest wave it may touch)
     * @param jobId the hub job's id
     * @param purpose {@code "change"} or {@code "rollback"}
     * @param condition the job's query condition
     * @param devices how many devices the engine's query counted for it (the hub decides when the job runs)
     */
    record JobScheduled(RolloutId rollout, Instant at, int wave, String jobId, String purpose, String condition,
                        long devices) implements RolloutEvent {
    }

    /**
     * Devices of a wave get per-device patches although the plan asks for jobs: they have no bucket tag, their
     * previous value cannot be matched by a job's condition, or a job left them unchanged.
     *
     * @param rollout the rollout
     * @param at when
     * @param wave the wave
     * @param devices how many devices
     * @param reason why, for people
     */
    record StrategyFallback(RolloutId rollout, Instant at, int wave, long devices, String reason)
            implements RolloutEvent {
    }

    /**
     * The client's calls were throttled by the hub (HTTP 429) since the engine last looked; the client's policy
     * retried them, so this is a signal to slow down or share the quota, not a failure.
     *
     * @param rollout the rollout
     * @param at when
     * @param operationClass the quota class, for example {@code TWIN_UPDATE}
     * @param throttled how many throttled attempts since the last event
     */
    record Throttled(RolloutId rollout, Instant at, String operationClass, long throttled) implements RolloutEvent {
    }
}
