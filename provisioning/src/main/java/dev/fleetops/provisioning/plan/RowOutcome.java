package dev.fleetops.provisioning.plan;

import java.util.Objects;

/**
 * What an apply did with one planned change. Immutable and thread-safe; never holds a key.
 *
 * @param change the planned change
 * @param status what happened
 * @param errorCode DPS's error code for a failed row (for example {@code 412201} for an enrollment changed since the
 *     plan), or 0
 * @param message why the row failed, for people; empty otherwise
 */
public record RowOutcome(PlannedChange change, Status status, int errorCode, String message) {

    /** What happened to a row. Thread-safe. */
    public enum Status {
        /** The change was made. */
        APPLIED,
        /** Nothing to do. */
        UNCHANGED,
        /** DPS refused the change, or the call that carried it failed; DPS holds what it held. */
        FAILED
    }

    /**
     * Validates the outcome.
     *
     * @param change the change
     * @param status the status
     * @param errorCode the error code
     * @param message the message
     */
    public RowOutcome {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return status.name().toLowerCase(java.util.Locale.ROOT) + " " + change
                + (status == Status.FAILED ? " [" + errorCode + "] " + message : "");
    }
}
