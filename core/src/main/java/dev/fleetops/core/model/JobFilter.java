package dev.fleetops.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Which jobs a job listing returns: all of them, or only those of one type, in one status, or both (the hub's
 * {@code GET /jobs/v2/query?jobType=...&jobStatus=...}).
 *
 * <p>Start from {@link #all()} and narrow with {@link #withType(JobType)} and {@link #withStatus(JobStatus)}.
 * Immutable and thread-safe; equal when type and status are.
 */
public final class JobFilter {

    private static final JobFilter ALL = new JobFilter(null, null);

    private final JobType type;
    private final JobStatus status;

    private JobFilter(JobType type, JobStatus status) {
        this.type = type;
        this.status = status;
    }

    /**
     * Returns the filter that keeps every job.
     *
     * @return the filter
     */
    public static JobFilter all() {
        return ALL;
    }

    /**
     * Returns this filter narrowed to one job type.
     *
     * @param type the type to keep
     * @return the narrowed filter
     * @throws NullPointerException if {@code type} is null
     */
    public JobFilter withType(JobType type) {
        Objects.requireNonNull(type, "type");
        return new JobFilter(type, status);
    }

    /**
     * Returns this filter narrowed to one job status.
     *
     * @param status the status to keep
     * @return the narrowed filter
     * @throws NullPointerException if {@code status} is null
     */
    public JobFilter withStatus(JobStatus status) {
        Objects.requireNonNull(status, "status");
        return new JobFilter(type, status);
    }

    /**
     * Returns the type kept.
     *
     * @return the type, or empty when jobs of every type are kept
     */
    public Optional<JobType> type() {
        return Optional.ofNullable(type);
    }

    /**
     * Returns the status kept.
     *
     * @return the status, or empty when jobs in every status are kept
     */
    public Optional<JobStatus> status() {
        return Optional.ofNullable(status);
    }

    /**
     * Tells whether a job passes the filter.
     *
     * @param job a job
     * @return true when its type and status are those kept
     */
    public boolean test(ScheduledJob job) {
        return (type == null || job.type() == type) && (status == null || job.status() == status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobFilter && ((JobFilter) o).type == type && ((JobFilter) o).status == status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status);
    }

    @Override
    public String toString() {
        return "JobFilter[type=" + (type == null ? "any" : type) + ", status=" + (status == null ? "any" : status)
                + "]";
    }
}
