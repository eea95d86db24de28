package dev.fleetops.core.model;

/**
 * Where a scheduled job stands. {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED} are final. Thread-safe.
 */
public enum JobStatus {
    /** Accepted, waiting to be scheduled. */
    QUEUED,
    /** Waiting for its start time. */
    SCHEDULED,
    /** Fanning out to devices. */
    RUNNING,
    /** Every device was processed (some may have failed; see the statistics). */
    COMPLETED,
    /** The job as a whole failed, for example it ran past its maximum execution time. */
    FAILED,
    /** Cancelled before it completed. */
    CANCELLED;

    /**
     * Tells whether the status is final.
     *
     * @return true for completed, failed and cancelled
     */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
