package dev.fleetops.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scheduled job did on one device, as {@code FROM devices.jobs} returns it. Immutable and thread-safe.
 *
 * @param deviceId the device
 * @param jobId the job
 * @param jobType the job's type
 * @param status the status on this device
 * @param createdTime when the hub created this device's entry
 * @param lastUpdatedTime when the entry last changed
 * @param outcome the device's answer, for a direct-method job that reached it
 * @param error why it failed on this device, empty otherwise
 */
public record DeviceJobResult(
        DeviceId deviceId,
        String jobId,
        JobType jobType,
        DeviceJobStatus status,
        Instant createdTime,
        Instant lastUpdatedTime,
        Optional<MethodResult> outcome,
        String error) {

    /**
     * Validates the record.
     *
     * @param deviceId the device
     * @param jobId the job
     * @param jobType the job's type
     * @param status the status on this device
     * @param createdTime when the hub created this device's entry
     * @param lastUpdatedTime when the entry last changed
     * @param outcome the device's answer, for a direct-method job that reached it
     * @param error why it failed on this device, empty otherwise
     * @throws NullPointerException if a component is null
     */
    public DeviceJobResult {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(lastUpdatedTime, "lastUpdatedTime");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
    }
}
