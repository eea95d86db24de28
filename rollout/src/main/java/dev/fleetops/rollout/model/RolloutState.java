package dev.fleetops.rollout.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a rollout stands. The engine persists the state after every transition and moves only along
 * {@link #canMoveTo(RolloutState)}:
 *
 * <pre>
 * PLANNED → RUNNING(wave k) → BAKING → RUNNING(wave k+1) … → SUCCEEDED
 *            ↘ AWAITING_APPROVAL (before a wave that needs it) → RUNNING
 * RUNNING, BAKING, AWAITING_APPROVAL ⇄ PAUSED
 * BAKING → FAILED (gates failed, manual rollback) | ROLLING_BACK (automatic rollback)
 * any active state → ABORTED (stop, leave devices as they are) | ROLLING_BACK (operator's rollback)
 * FAILED, ABORTED → ROLLING_BACK → ROLLED_BACK
 * </pre>
 *
 * Thread-safe.
 */
public enum RolloutState {
    /** Accepted and persisted; no device touched yet. */
    PLANNED,
    /** Patching the devices of the current wave and collecting their verdicts. */
    RUNNING,
    /** The current wave's verdicts are in; waiting out its bake time, then asking its gates. */
    BAKING,
    /** The next wave waits for an operator's approval. */
    AWAITING_APPROVAL,
    /** Stopped by an operator; devices in flight keep being watched, no new device is patched. */
    PAUSED,
    /** Every wave passed. Final. */
    SUCCEEDED,
    /** A wave failed its gates and the rollback policy is manual: waits for an operator. */
    FAILED,
    /** Stopped for good by an operator; devices keep what they have. Rollback is still possible. */
    ABORTED,
    /** Restoring the previous desired values where the rollout's are still in place. */
    ROLLING_BACK,
    /** Every device the rollout changed is restored or reported as a conflict. Final. */
    ROLLED_BACK;

    private static final Map<RolloutState, Set<RolloutState>> NEXT = Map.of(
            PLANNED, EnumSet.of(RUNNING, AWAITING_APPROVAL, PAUSED, ABORTED),
            RUNNING, EnumSet.of(BAKING, PAUSED, ABORTED, ROLLING_BACK),
            BAKING, EnumSet.of(RUNNING, AWAITING_APPROVAL, SUCCEEDED, FAILED, PAUSED, ABORTED, ROLLING_BACK),
            AWAITING_APPROVAL, EnumSet.of(RUNNING, PAUSED, ABORTED, ROLLING_BACK),
            PAUSED, EnumSet.of(RUNNING, BAKING, AWAITING_APPROVAL, ABORTED, ROLLING_BACK),
            SUCCEEDED, EnumSet.noneOf(RolloutState.class),
            FAILED, EnumSet.of(ROLLING_BACK, ABORTED),
            ABORTED, EnumSet.of(ROLLING_BACK),
            ROLLING_BACK, EnumSet.of(ROLLED_BACK),
            ROLLED_BACK, EnumSet.noneOf(RolloutState.class));

    /**
     * Tells whether the engine may move from this state to {@code next}.
     *
     * @param next the state wanted
     * @return true for an allowed transition
     */
    public boolean canMoveTo(RolloutState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Tells whether nothing more happens in this state.
     *
     * @return true for {@link #SUCCEEDED} and {@link #ROLLED_BACK}
     */
    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /**
     * Tells whether the rollout still claims its devices' paths (another rollout changing the same path on the
     * same devices is refused): every state but the final ones.
     *
     * @return true while the rollout is not final
     */
    public boolean isActive() {
        return !isFinal();
    }
}
