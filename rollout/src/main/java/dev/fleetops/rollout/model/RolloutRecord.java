package dev.fleetops.rollout.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code RolloutStore} keeps of a rollout: its state after the last transition, and the version that makes
 * every write a compare-and-set. The plan itself holds code (health gates), so the store keeps its
 * {@linkplain RolloutPlan#contentHash() content hash}; whoever attaches after a restart gives the plan again and the
 * hash must match. Immutable and thread-safe.
 *
 * @param id the rollout
 * @param planHash the plan's content hash
 * @param state the state
 * @param wave the current wave's index (0 before the first starts)
 * @param since when the rollout entered its state
 * @param reason why it is in its state, for people (empty when nothing to say)
 * @param approvedWave the highest wave an operator approved, -1 for none
 * @param version the store's version of this record, incremented by every write
 * @param target the plan's target condition, so that another rollout's overlap can be checked
 * @param paths the desired paths the plan changes
 */
public record RolloutRecord(RolloutId id, String planHash, RolloutState state, int wave, Instant since,
                            String reason, int approvedWave, long version, String target, List<String> paths) {

    /**
     * Validates the record.
     *
     * @param id the rollout
     * @param planHash the plan's content hash
     * @param state the state
     * @param wave the current wave, zero or more
     * @param since when it entered the state
     * @param reason why, possibly empty
     * @param approvedWave the highest approved wave, -1 for none
     * @param version the version, zero or more
     * @param target the plan's target condition
     * @param paths the desired paths the plan changes
     * @throws IllegalArgumentException if a number is out of range
     */
    public RolloutRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(target, "target");
        paths = List.copyOf(paths);
        if (wave < 0 || version < 0 || approvedWave < -1) {
            throw new IllegalArgumentException("rollout record of " + id + " has wave " + wave + ", approvedWave "
                    + approvedWave + ", version " + version);
        }
    }

    /**
     * Returns the record moved to another state, at a time, for a reason, with the next version.
     *
     * @param next the new state
     * @param nextWave the wave
     * @param at when
     * @param why why, possibly empty
     * @return the new record
     * @throws IllegalStateException if the state machine does not allow the move
     */
    public RolloutRecord moveTo(RolloutState next, int nextWave, Instant at, String why) {
        if (next != state && !state.canMoveTo(next)) {
            throw new IllegalStateException("rollout " + id + " cannot move from " + state + " to " + next);
        }
        return new RolloutRecord(id, planHash, next, nextWave, at, why, approvedWave, version + 1, target, paths);
    }

    /**
     * Returns the record with a wave approved, and the next version.
     *
     * @param upTo the highest approved wave
     * @return the new record
     */
    public RolloutRecord approved(int upTo) {
        return new RolloutRecord(id, planHash, state, wave, since, reason, Math.max(approvedWave, upTo), version + 1,
                target, paths);
    }
}
