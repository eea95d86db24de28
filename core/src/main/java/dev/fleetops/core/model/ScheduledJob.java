package dev.fleetops.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled job (IoT Hub jobs v2): a twin update or direct method fanned out by the hub to every device that
 * matches a query condition. Immutable and thread-safe.
 *
 * @param jobId the job id, chosen by the caller
 * @param type twin update or direct method
 * @param queryCondition the condition selecting devices, for example {@code tags.fleetops.bucket < 50}
 * @param status where the job stands
 * @param createdTime when the hub accepted it
 * @param startTime when it starts (or started)
 * @param endTime when it ended, empty while it has not
 * @param maxExecutionTime how long it may run before the hub fails it
 * @param statistics per-device counts
 * @param failureReason why it failed, empty otherwise
 * @param twinPatch the patch, for a twin-update job
 * @param method the invocation, for a direct-method job
 */
public record ScheduledJob(
        String jobId,
        JobType type,
        String queryCondition,
        JobStatus status,
        Instant createdTime,
        Instant startTime,
        Optional<Instant> endTime,
        Duration maxExecutionTime,
        JobStatistics statistics,
        String failureReason,
        Optional<TwinPatch> twinPatch,
        Optional<MethodInvocation> method) {

    /** The longest job id, in characters. */
    public static final int MAX_ID_LENGTH = 128;

    /**
     * Validates the record.
     *
     * @param jobId the job id, chosen by the caller
     * @param type twin update or direct method
     * @param queryCondition the condition selecting devices, for example {@code tags.fleetops.bucket < 50}
     * @param status where the job stands
     * @param createdTime when the hub accepted it
     * @param startTime when it starts (or started)
     * @param endTime when it ended, empty while it has not
     * @param maxExecutionTime how long it may run before the hub fails it
     * @param statistics per-device counts
     * @param failureReason why it failed, empty otherwise
     * @param twinPatch the patch, for a twin-update job
     * @param method the invocation, for a direct-method job
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the id is empty or too long, or the payload does not match the type
     */
    public ScheduledJob {
        checkId(jobId);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queryCondition, "queryCondition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(twinPatch, "twinPatch");
        Objects.requireNonNull(method, "method");
        if (type == JobType.TWIN_UPDATE && twinPatch.isEmpty()) {
            throw new IllegalArgumentException("twin-update job '" + jobId + "' has no twin patch");
        }
        if (type == JobType.DIRECT_METHOD && method.isEmpty()) {
            throw new IllegalArgumentException("direct-method job '" + jobId + "' has no method invocation");
        }
    }

    /**
     * Checks a job id: 1 to {@value #MAX_ID_LENGTH} characters, printable ASCII without {@code /}.
     *
     * @param jobId the id
     * @throws IllegalArgumentException naming the problem and its position
     */
    public static void checkId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (jobId.isEmpty() || jobId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("job id is " + jobId.length() + " characters; IoT Hub allows 1 to "
                    + MAX_ID_LENGTH);
        }
        for (int i = 0; i < jobId.length(); i++) {
            char c = jobId.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == '?' || c == '#') {
                throw new IllegalArgumentException("job id '" + jobId + "' has " + (c == ' ' ? "a space" : "'" + c + "'")
                        + " at position " + (i + 1) + "; use printable ASCII without space, '/', '?' or '#'");
            }
        }
    }
}
