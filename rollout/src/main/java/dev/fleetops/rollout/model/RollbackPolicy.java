package dev.fleetops.rollout.model;

/** What happens when a wave fails its gates. Thread-safe. */
public enum RollbackPolicy {
    /** The rollout rolls back every device it changed, at once and on its own. */
    AUTOMATIC,
    /** The rollout stops in {@code FAILED} and waits: an operator rolls back (or not) with the handle. */
    MANUAL
}
