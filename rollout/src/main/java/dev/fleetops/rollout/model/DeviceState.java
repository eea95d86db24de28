package dev.fleetops.rollout.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one device stands in a rollout: {@code PENDING → APPLIED → SUCCEEDED | FAILED | TIMED_OUT}, or
 * {@code SKIPPED} before it is patched; a device the rollout changed ends {@code ROLLED_BACK} or {@code CONFLICT}
 * after a rollback. Thread-safe.
 */
public enum DeviceState {
    /** Assigned to a wave, not patched yet. */
    PENDING,
    /** Patched: its twin holds the change; its verdict is pending. */
    APPLIED,
    /** Verified: its success condition held for the soak time. */
    SUCCEEDED,
    /** Its failure condition held. */
    FAILED,
    /** No verdict within the per-device timeout. */
    TIMED_OUT,
    /** Left out: offline, claimed by another rollout, or outside its maintenance window when its wave ended. */
    SKIPPED,
    /** Its previous desired values were restored by a rollback. */
    ROLLED_BACK,
    /** A rollback found a value someone else wrote since the rollout, and left it. */
    CONFLICT;

    private static final Map<DeviceState, Set<DeviceState>> NEXT = Map.of(
            PENDING, EnumSet.of(APPLIED, SKIPPED),
            APPLIED, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, ROLLED_BACK, CONFLICT),
            SUCCEEDED, EnumSet.of(ROLLED_BACK, CONFLICT),
            FAILED, EnumSet.of(ROLLED_BACK, CONFLICT),
            TIMED_OUT, EnumSet.of(ROLLED_BACK, CONFLICT),
            SKIPPED, EnumSet.noneOf(DeviceState.class),
            ROLLED_BACK, EnumSet.noneOf(DeviceState.class),
            CONFLICT, EnumSet.noneOf(DeviceState.class));

    /**
     * Tells whether a device may move from this state to {@code next}.
     *
     * @param next the state wanted
     * @return true for an allowed transition
     */
    public boolean canMoveTo(DeviceState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Tells whether the device has its verdict (it counts toward the gates).
     *
     * @return true for succeeded, failed and timed out
     */
    public boolean isDecided() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }

    /**
     * Tells whether the rollout changed the device's twin (so a rollback concerns it).
     *
     * @return true for applied and decided devices
     */
    public boolean wasChanged() {
        return this == APPLIED || isDecided();
    }
}
