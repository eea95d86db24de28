package dev.fleetops.core.model;

/**
 * Per-device counts of a scheduled job. Immutable and thread-safe.
 *
 * @param deviceCount devices the job targets
 * @param failedCount devices where it failed, including those a timed-out or cancelled job never reached
 * @param succeededCount devices where it succeeded
 * @param runningCount devices in progress
 * @param pendingCount devices not started yet
 */
public record JobStatistics(int deviceCount, int failedCount, int succeededCount, int runningCount,
                            int pendingCount) {

    /** Statistics of a job that has not been expanded yet. */
    public static final JobStatistics NONE = new JobStatistics(0, 0, 0, 0, 0);
}
