package dev.fleetops.core;

import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.internal.CallScope;
import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.internal.Paging;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.JobService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scheduled jobs, through a {@link FleetClient}: every call is authorized, paced as a job operation (per-device
 * results as queries), retried as its safety allows and, when it changes something, audited. Obtain it with
 * {@link FleetClient#jobs()}.
 *
 * <p>Scheduling is keyed by the caller's job id, so it is retried after ambiguous failures too: a repeat cannot run
 * a job twice, it fails with a conflict. When such a conflict follows an attempt of the same call whose answer was
 * lost, the job is read, and if it has the requested type and condition it is returned as this call's job.
 *
 * <p>Immutable and thread-safe.
 */
public final class Jobs {

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final ClientCore core;
    private final Caller caller;

    Jobs(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    private JobService service() {
        return core.hub.jobs();
    }

    private static String target(String jobId) {
        return "job:" + jobId;
    }

    /**
     * Starts a twin-update job and returns a handle to follow it: the hub patches every twin that matches the
     * condition, at its own per-device rate. The condition is checked before anything else happens (no
     * authorization, audit record or hub call for a condition IoT Hub would refuse).
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to update, for example {@code tags.fleetops.bucket < 50}
     * @param patch the patch to apply to each twin
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the handle
     * @throws ConflictException if a job with this id exists
     * @throws ThrottledException if the hub runs its maximum number of concurrent jobs and retries ran out
     * @throws InvalidQueryException if the condition is not valid
     * @throws AccessDeniedException if the operator may not schedule jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public JobHandle beginTwinUpdate(String jobId, Condition queryCondition, TwinPatch patch, Instant startTime,
                                     Duration maxExecutionTime) {
        Objects.requireNonNull(queryCondition, "queryCondition");
        return handle(scheduleTwinUpdate(jobId, queryCondition.text(), patch, startTime, maxExecutionTime));
    }

    /**
     * Starts a twin-update job from condition text; otherwise as
     * {@link #beginTwinUpdate(String, Condition, TwinPatch, Instant, Duration)}.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to update, as IoT Hub query condition text
     * @param patch the patch to apply to each twin
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the handle
     * @throws ConflictException if a job with this id exists
     * @throws InvalidQueryException if the condition is not valid (nothing else happens)
     * @throws AccessDeniedException if the operator may not schedule jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public JobHandle beginTwinUpdate(String jobId, String queryCondition, TwinPatch patch, Instant startTime,
                                     Duration maxExecutionTime) {
        return handle(scheduleTwinUpdate(jobId, queryCondition, patch, startTime, maxExecutionTime));
    }

    /**
     * Starts a direct-method job and returns a handle to follow it: the hub invokes the method on every device that
     * matches the condition. The condition is checked before anything else happens.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to call
     * @param method the method and its timeouts
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the handle
     * @throws ConflictException if a job with this id exists
     * @throws InvalidQueryException if the condition is not valid (nothing else happens)
     * @throws AccessDeniedException if the operator may not schedule jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public JobHandle beginDirectMethod(String jobId, Condition queryCondition, MethodInvocation method,
                                       Instant startTime, Duration maxExecutionTime) {
        Objects.requireNonNull(queryCondition, "queryCondition");
        return handle(scheduleDirectMethod(jobId, queryCondition.text(), method, startTime, maxExecutionTime));
    }

    /**
     * Returns a handle to a job the hub already has, for example after a restart.
     *
     * @param jobId the job id
     * @return the handle, holding the job as read now
     * @throws JobNotFoundException if the hub has no such job
     * @throws AccessDeniedException if the operator may not read jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public JobHandle attach(String jobId) {
        return handle(get(jobId));
    }

    private JobHandle handle(ScheduledJob job) {
        return new JobHandle(this, core.policy.sleeper(), job);
    }

    /**
     * Schedules a twin-update job and returns it as accepted (to follow it, use
     * {@link #beginTwinUpdate(String, String, TwinPatch, Instant, Duration)}, which returns a handle): the hub patches
     * every twin that matches the condition, at its own per-device rate. The condition is checked first.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to update, for example {@code tags.fleetops.bucket < 50}
     * @param patch the patch to apply to each twin
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the job as accepted
     * @throws ConflictException if a job with this id exists
     * @throws ThrottledException if the hub runs its maximum number of concurrent jobs and retries ran out
     * @throws InvalidQueryException if the condition is not valid
     * @throws AccessDeniedException if the operator may not schedule jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public ScheduledJob scheduleTwinUpdate(String jobId, String queryCondition, TwinPatch patch, Instant startTime,
                                           Duration maxExecutionTime) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(queryCondition, "queryCondition");
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        CompiledCondition.of(queryCondition); // a bad condition fails here: no authorization, audit or call
        return schedule(jobId, JobType.TWIN_UPDATE, queryCondition, "type=twinUpdate condition=" + queryCondition,
                existing -> existing.twinPatch().equals(Optional.of(patch)),
                () -> service().scheduleTwinUpdate(jobId, queryCondition, patch, startTime, maxExecutionTime));
    }

    /**
     * Schedules a direct-method job and returns it as accepted (to follow it, use {@link #beginDirectMethod}): the
     * hub invokes the method on every device that matches the condition. The condition is checked first.
     *
     * @param jobId the job id, unique in the hub
     * @param queryCondition the devices to call
     * @param method the method and its timeouts
     * @param startTime when to start; a past time starts at once
     * @param maxExecutionTime how long the job may run
     * @return the job as accepted
     * @throws ConflictException if a job with this id exists
     * @throws ThrottledException if the hub runs its maximum number of concurrent jobs and retries ran out
     * @throws InvalidQueryException if the condition is not valid
     * @throws AccessDeniedException if the operator may not schedule jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public ScheduledJob scheduleDirectMethod(String jobId, String queryCondition, MethodInvocation method,
                                             Instant startTime, Duration maxExecutionTime) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(queryCondition, "queryCondition");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        CompiledCondition.of(queryCondition); // a bad condition fails here: no authorization, audit or call
        return schedule(jobId, JobType.DIRECT_METHOD, queryCondition,
                "type=directMethod method=" + method.methodName() + " condition=" + queryCondition,
                existing -> existing.method().map(m -> m.methodName().equals(method.methodName())).orElse(false),
                () -> service().scheduleDirectMethod(jobId, queryCondition, method, startTime, maxExecutionTime));
    }

    private ScheduledJob schedule(String jobId, JobType type, String condition, String detail,
                                  Predicate<ScheduledJob> sameChange, Supplier<ScheduledJob> call) {
        return core.gatekeeper.run(caller, Action.JOB_SCHEDULE, target(jobId), detail, corr -> {
            AtomicBoolean lostAnswer = new AtomicBoolean();
            try {
                return core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.schedule job=" + jobId,
                        corr, () -> {
                            try {
                                return call.get();
                            } catch (ServiceUnavailableException | TransportException e) {
                                lostAnswer.set(true);
                                throw e;
                            }
                        });
            } catch (ConflictException conflict) {
                if (!lostAnswer.get()) {
                    throw conflict;
                }
                return resolveConflict(jobId, type, condition, sameChange, corr, conflict);
            }
        });
    }

    /**
     * After a lost answer, a conflict may be the hub refusing our own first attempt: the job is ours when it has the
     * type, condition and change we asked for (the patch; for a method job, the method name). Anything else is
     * someone else's job, and the conflict stands.
     */
    private ScheduledJob resolveConflict(String jobId, JobType type, String condition,
                                         Predicate<ScheduledJob> sameChange, CallScope corr, ConflictException conflict) {
        ScheduledJob existing = core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.get job=" + jobId,
                corr, () -> service().get(jobId));
        if (existing.type() == type && existing.queryCondition().equals(condition) && sameChange.test(existing)) {
            LOG.debug("job={} correlationId={} conflict after a lost answer; the job matches, taking it as ours",
                    jobId, corr);
            return existing;
        }
        throw conflict;
    }

    /**
     * Reads a job with its statistics.
     *
     * @param jobId the job id
     * @return the job
     * @throws JobNotFoundException if there is none
     * @throws AccessDeniedException if the operator may not read jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public ScheduledJob get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return core.gatekeeper.run(caller, Action.JOB_READ, target(jobId), "", corr ->
                core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.get job=" + jobId, corr,
                        () -> service().get(jobId)));
    }

    /**
     * Reads a job if it exists.
     *
     * @param jobId the job id
     * @return the job, or empty when there is none
     * @throws AccessDeniedException if the operator may not read jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public Optional<ScheduledJob> find(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return core.gatekeeper.run(caller, Action.JOB_READ, target(jobId), "", corr ->
                core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.get job=" + jobId, corr, () -> {
                    try {
                        return Optional.of(service().get(jobId));
                    } catch (JobNotFoundException e) {
                        return Optional.<ScheduledJob>empty();
                    }
                }));
    }

    /**
     * Cancels a job; devices already processed keep the change. Idempotent: cancelling a finished job returns it
     * unchanged.
     *
     * @param jobId the job id
     * @return the job after the request
     * @throws JobNotFoundException if there is none
     * @throws AccessDeniedException if the operator may not cancel jobs
     * @throws FleetException for other failures of the hub, after retries
     */
    public ScheduledJob cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return core.gatekeeper.run(caller, Action.JOB_CANCEL, target(jobId), "", corr ->
                core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.cancel job=" + jobId, corr,
                        () -> service().cancel(jobId)),
                job -> "status=" + job.status());
    }

    /**
     * Lists jobs, newest first, one page at a time.
     *
     * @param filter which jobs to keep, {@link JobFilter#all()} for every job
     * @param page the page size and continuation token
     * @return one page of jobs
     * @throws AccessDeniedException if the operator may not read jobs
     * @throws FleetException for failures of the hub, after retries
     */
    public QueryPage<ScheduledJob> list(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        return core.gatekeeper.run(caller, Action.JOB_READ, "jobs", "", corr ->
                core.policy.execute(OperationClass.JOBS, Safety.IDEMPOTENT, 1, "job.list", corr,
                        () -> service().list(filter, page)));
    }

    /**
     * Lists what a job did on each device, one page at a time. Each page is a hub query and is paced as one.
     *
     * @param jobId the job id
     * @param page the page size and continuation token
     * @return one page of per-device results
     * @throws AccessDeniedException if the operator may not read jobs
     * @throws FleetException for failures of the hub, after retries
     */
    public QueryPage<DeviceJobResult> deviceResults(String jobId, PageRequest page) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(page, "page");
        return core.gatekeeper.run(caller, Action.JOB_READ, target(jobId), "", corr ->
                core.policy.execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "job.deviceResults job=" + jobId, corr,
                        () -> service().deviceResults(jobId, page)));
    }

    /**
     * Streams what a job did on every device, {@value PageRequest#MAX_PAGE_SIZE} a page, fetching pages as the
     * stream is consumed.
     *
     * @param jobId the job id
     * @return a sequential, ordered stream
     */
    public Stream<DeviceJobResult> streamDeviceResults(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return Paging.stream(PageRequest.MAX_PAGE_SIZE, page -> deviceResults(jobId, page));
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Jobs[operator=" + caller.operator().name() + "]";
    }
}
