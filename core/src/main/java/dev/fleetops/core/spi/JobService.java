package dev.fleetops.core.spi;

import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;

import java.time.Duration;
import java.time.Instant;

/**
 * Scheduled jobs: one call that makes the hub patch twins or invoke a method on every device matching a condition,
 * at the hub's own per-device rate, with per-device results.
 *
 * <p>Implementations are thread-safe. Scheduling is keyed by the caller's job id, so a repeated call fails with a
 * conflict instead of running twice; the caller can then {@link #get(String)} the job.
 */
public interface JobService {

    /**
     * Schedules a twin-update job.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to update, for example {@code tags.fleetops.bucket < 50}
     * @param patch the patch to apply to each twin
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the job as accepted
     * @throws dev.fleetops.core.error.ConflictException if the job id exists
     * @throws dev.fleetops.core.error.ThrottledException if the hub runs its maximum number of concurrent jobs
     * @throws dev.fleetops.core.error.InvalidQueryException if the condition is not valid
     */
    ScheduledJob scheduleTwinUpdate(String jobId, String queryCondition, TwinPatch patch, Instant startTime,
                                    Duration maxExecutionTime);

    /**
     * Schedules a direct-method job.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to call
     * @param method the method and its timeouts
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the job as accepted
     * @throws dev.fleetops.core.error.ConflictException if the job id exists
     * @throws dev.fleetops.core.error.ThrottledException if the hub runs its maximum number of concurrent jobs
     * @throws dev.fleetops.core.error.InvalidQueryException if the condition is not valid
     */
    ScheduledJob scheduleDirectMethod(String jobId, String queryCondition, MethodInvocation method,
                                      Instant startTime, Duration maxExecutionTime);

    /**
     * Reads a job with its statistics. Idempotent.
     *
     * @param jobId the job id
     * @return the job
     * @throws dev.fleetops.core.error.JobNotFoundException if there is none
     */
    ScheduledJob get(String jobId);

    /**
     * Cancels a job; devices already processed keep the change. Idempotent: cancelling a finished job returns it
     * unchanged.
     *
     * @param jobId the job id
     * @return the job after the request
     * @throws dev.fleetops.core.error.JobNotFoundException if there is none
     */
    ScheduledJob cancel(String jobId);

    /**
     * Lists jobs, newest first. Idempotent.
     *
     * @param filter which jobs to keep
     * @param page the page size and continuation token
     * @return one page of jobs
     */
    QueryPage<ScheduledJob> list(JobFilter filter, PageRequest page);

    /**
     * Lists what a job did on each device (the hub's {@code FROM devices.jobs WHERE devices.jobs.jobId = ...}).
     * Idempotent.
     *
     * @param jobId the job id
     * @param page the page size and continuation token
     * @return one page of per-device results
     */
    QueryPage<DeviceJobResult> deviceResults(String jobId, PageRequest page);
}
