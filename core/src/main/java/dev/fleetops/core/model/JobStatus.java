package dev.fleetops.core.model;

import java.util.List;

/**
 * Where a scheduled job stands. {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED} are final; the hub's
 * {@code enqueued} reads as {@link #QUEUED}.
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class JobStatus extends OpenValue {

    /** Accepted, waiting to be scheduled. */
    public static final JobStatus QUEUED = new JobStatus("QUEUED", "queued", true);

    /** Waiting for its start time. */
    public static final JobStatus SCHEDULED = new JobStatus("SCHEDULED", "scheduled", true);

    /** Fanning out to devices. */
    public static final JobStatus RUNNING = new JobStatus("RUNNING", "running", true);

    /** Every device was processed (some may have failed; see the statistics). */
    public static final JobStatus COMPLETED = new JobStatus("COMPLETED", "completed", true);

    /** The job as a whole failed, for example it ran past its maximum execution time. */
    public static final JobStatus FAILED = new JobStatus("FAILED", "failed", true);

    /** Cancelled before it completed. */
    public static final JobStatus CANCELLED = new JobStatus("CANCELLED", "cancelled", true);

    private static final List<JobStatus> VALUES = List.of(QUEUED, SCHEDULED, RUNNING, COMPLETED, FAILED, CANCELLED);

    private JobStatus(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code queued}) or as a constant is named ({@code QUEUED}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static JobStatus of(String wireName) {
        if ("enqueued".equalsIgnoreCase(wireName)) {
            return QUEUED;
        }
        return lookup(wireName, VALUES, w -> new JobStatus(w, w, false), "jobStatus");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<JobStatus> values() {
        return VALUES;
    }


    /**
     * Tells whether the status is final. An unknown status is not taken as final.
     *
     * @return true for completed, failed and cancelled
     */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

}
