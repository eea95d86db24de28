package dev.fleetops.core.embedded;

import dev.fleetops.core.model.HubTime;
import java.util.Set;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.JobStatistics;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.spi.JobService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scheduled jobs of the embedded hub. A job selects its devices from what queries see when it starts, then
 * processes them in device-id order at the tier's per-device job rate, which running jobs share as on a real hub
 * (all at once without a tier), recording a result per device. Jobs that run past their maximum execution time
 * fail, and so do the devices they did not reach; a cancelled job's unreached devices are reported as cancelled
 * and counted as failed. Concurrent jobs are limited by the tier. Ended jobs are kept for 30 days. Thread-safe.
 */
final class EmbeddedJobs implements JobService, Ticker {

    private static final Duration RETENTION = Duration.ofDays(30);

    private final HubCore core;
    private final EmbeddedMethods methods;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    /**
     * The jobs not yet final: what the ticker looks at, so that a hub call costs the same with 20,000 finished jobs
     * retained as with none.
     */
    private final Set<JobRecord> active = ConcurrentHashMap.newKeySet();
    /** How many device operations one round of due work runs at most. */
    private static final int JOB_BATCH = 64;

    EmbeddedJobs(HubCore core, EmbeddedMethods methods) {
        this.core = core;
        this.methods = methods;
    }

    @Override
    public ScheduledJob scheduleTwinUpdate(String jobId, String queryCondition, TwinPatch patch, Instant startTime,
                                           Duration maxExecutionTime) {
        return schedule(jobId, JobType.TWIN_UPDATE, queryCondition, patch, null, startTime, maxExecutionTime);
    }

    @Override
    public ScheduledJob scheduleDirectMethod(String jobId, String queryCondition, MethodInvocation method,
                                             Instant startTime, Duration maxExecutionTime) {
        return schedule(jobId, JobType.DIRECT_METHOD, queryCondition, null, method, startTime, maxExecutionTime);
    }

    private ScheduledJob schedule(String jobId, JobType type, String condition, TwinPatch patch,
                                  MethodInvocation method, Instant startTime, Duration maxExecutionTime) {
        ScheduledJob.checkId(jobId);
        if (maxExecutionTime.isNegative() || maxExecutionTime.isZero()) {
            throw new IllegalArgumentException("job '" + jobId + "': maxExecutionTime must be positive");
        }
        CompiledCondition compiled = CompiledCondition.of(condition);
        return core.call(OperationClass.JOBS, 1, "schedule job " + jobId, () -> {
            purgeOld();
            synchronized (jobs) {
                if (jobs.containsKey(jobId)) {
                    throw new ConflictException("409105", "job '" + jobId + "' exists already");
                }
                if (core.tier != null) {
                    if (active.size() >= core.tier.concurrentJobs()) {
                        throw new ThrottledException("ThrottlingMaxActiveJobCountExceeded: a " + core.tier.sku()
                                + " hub runs at most " + core.tier.concurrentJobs() + " jobs at once");
                    }
                }
                JobRecord job = new JobRecord(jobId, type, condition, compiled, patch, method,
                        core.clock.instant(), startTime, maxExecutionTime);
                jobs.put(jobId, job);
                active.add(job);
                return job.view();
            }
        });
    }

    private void purgeOld() {
        Instant cutoff = core.clock.instant().minus(RETENTION);
        jobs.values().removeIf(j -> j.endedBefore(cutoff));
    }

    @Override
    public ScheduledJob get(String jobId) {
        return core.call(OperationClass.JOBS, 1, "get job " + jobId, () -> find(jobId).view());
    }

    private JobRecord find(String jobId) {
        JobRecord job = jobs.get(jobId);
        if (job == null) {
            throw new JobNotFoundException(jobId);
        }
        return job;
    }

    @Override
    public ScheduledJob cancel(String jobId) {
        return core.call(OperationClass.JOBS, 1, "cancel job " + jobId, () -> {
            JobRecord job = find(jobId);
            job.cancel(core.clock.instant());
            return job.view();
        });
    }

    @Override
    public QueryPage<ScheduledJob> list(JobFilter filter, PageRequest page) {
        return core.call(OperationClass.JOBS, 1, "list jobs", () -> {
            List<ScheduledJob> all = new ArrayList<>();
            for (JobRecord j : jobs.values()) {
                ScheduledJob v = j.view();
                if (filter.test(v)) {
                    all.add(v);
                }
            }
            all.sort(Comparator.comparing(ScheduledJob::createdTime).reversed()
                    .thenComparing(ScheduledJob::jobId));
            return page(all, "jobs|" + filter, page);
        });
    }

    @Override
    public QueryPage<DeviceJobResult> deviceResults(String jobId, PageRequest page) {
        return core.call(OperationClass.QUERY, 1, "query results of job " + jobId,
                () -> page(find(jobId).results(), "devices.jobs|" + jobId, page));
    }

    private static <T> QueryPage<T> page(List<T> all, String key, PageRequest page) {
        int offset = page.continuationToken().map(t -> ContinuationToken.decode(t, key).offset()).orElse(0);
        int end = Math.min(all.size(), offset + page.pageSize());
        List<T> items = offset >= end ? List.of() : all.subList(offset, end);
        Optional<String> next = end < all.size()
                ? Optional.of(new ContinuationToken(key.hashCode(), end, Integer.toString(end)).encode())
                : Optional.empty();
        return QueryPage.of(items, next.orElse(null));
    }

    /** The per-device documents {@code FROM devices.jobs} sees, filtered by the query's condition. */
    List<PropertyTree> documents(CompiledQuery q) {
        List<JobRecord> ordered = new ArrayList<>(jobs.values());
        ordered.sort(Comparator.comparing((JobRecord j) -> j.created).thenComparing(j -> j.jobId));
        List<PropertyTree> out = new ArrayList<>();
        for (JobRecord j : ordered) {
            for (DeviceJobResult r : j.results()) {
                PropertyTree doc = document(r, j);
                if (q.matches(doc)) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    private static PropertyTree document(DeviceJobResult r, JobRecord j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", r.deviceId().value());
        m.put("jobId", r.jobId());
        m.put("jobType", r.jobType().wireName());
        m.put("status", r.status().wireName());
        m.put("startTimeUtc", HubTime.format(j.start));
        j.endTime().ifPresent(e -> m.put("endTimeUtc", HubTime.format(e)));
        m.put("createdDateTimeUtc", HubTime.format(r.createdTime()));
        m.put("createdTimeUtc", HubTime.format(r.createdTime()));
        m.put("lastUpdatedDateTimeUtc", HubTime.format(r.lastUpdatedTime()));
        r.outcome().ifPresent(o -> m.put("outcome", Map.of("deviceMethodResponse",
                Map.of("status", o.status(), "payload", o.payloadJson()))));
        if (!r.error().isEmpty()) {
            m.put("error", Map.of("description", r.error()));
        }
        return PropertyTree.of(m);
    }

    // ---- ticker -----------------------------------------------------------------------------------------

    /** Guards the hub-wide device slots; taken before any job's own monitor. */
    private final Object slots = new Object();
    /** When the next device operation of any job may run (IoT Hub's job rate is per hub). */
    private long nextSlot = Long.MIN_VALUE;
    private int roundRobin;

    @Override
    public long nextDueNanos() {
        long due = NEVER;
        boolean pending = false;
        for (JobRecord j : active) {
            due = Math.min(due, j.nextEventNanos());
            pending |= j.hasPending();
        }
        if (pending) {
            synchronized (slots) {
                due = Math.min(due, nextSlot);
            }
        }
        return due;
    }

    /** A device operation taken from a job, run outside every lock of the hub. */
    private record Work(JobRecord job, DeviceId device, long atNanos) {
    }

    @Override
    public void runDue(long nanos) {
        List<JobRecord> ordered = new ArrayList<>(active);
        ordered.sort(Comparator.comparing((JobRecord j) -> j.created).thenComparing(j -> j.jobId));
        List<Work> work = new ArrayList<>();
        synchronized (slots) {
            boolean othersPending = ordered.stream().anyMatch(JobRecord::hasPending);
            for (JobRecord j : ordered) {
                if (j.beginIfDue(nanos) && !othersPending) {
                    // an idle hub banks no slots: the first device goes when the job starts
                    nextSlot = Math.max(nextSlot, nanos);
                }
                othersPending |= j.hasPending();
            }
            long perDevice = nanosPerDevice();
            while (work.size() < JOB_BATCH) {
                List<JobRecord> pending = new ArrayList<>();
                for (JobRecord j : ordered) {
                    if (j.hasPending()) {
                        pending.add(j);
                    }
                }
                if (pending.isEmpty() || (perDevice > 0 && nextSlot > nanos)) {
                    break;
                }
                long at = perDevice > 0 ? nextSlot : nanos;
                JobRecord j = pending.get(Math.floorMod(roundRobin++, pending.size()));
                DeviceId id = j.take(at);
                if (id != null) {
                    work.add(new Work(j, id, at));
                }
                if (perDevice > 0) {
                    nextSlot = HubCore.plus(nextSlot, perDevice);
                }
            }
        }
        // The operations themselves run with no lock of the hub held: a simulated device's behaviour answers a
        // method here, and may call the hub.
        for (Work w : work) {
            w.job().run(w.device(), w.atNanos());
        }
        for (JobRecord j : ordered) {
            j.settle(nanos);
        }
    }

    /** Nanoseconds between two device operations of jobs, hub-wide; 0 without a tier. */
    private long nanosPerDevice() {
        if (core.tier == null) {
            return 0;
        }
        return Math.max(1, Math.round(1e9 / core.tier.jobDeviceRate().perSecond()));
    }

    /** One job's state. Guarded by its own monitor. */
    private final class JobRecord {
        final String jobId;
        final JobType type;
        final String condition;
        final CompiledCondition compiled;
        final TwinPatch patch;
        final MethodInvocation method;
        final Instant created;
        final Instant start;
        final Duration maxExecution;
        final long startNanos;

        private JobStatus status;
        private Instant end;
        private String failureReason = "";
        private List<DeviceId> targets;
        private int next;
        private long deadlineNanos = NEVER;
        private final List<DeviceJobResult> done = new ArrayList<>();
        /** Devices taken and being processed outside the job's monitor; they read as running. */
        private final List<DeviceId> inFlight = new ArrayList<>();
        private int succeeded;
        private int failed;

        JobRecord(String jobId, JobType type, String condition, CompiledCondition compiled, TwinPatch patch,
                  MethodInvocation method, Instant created, Instant start, Duration maxExecution) {
            this.jobId = jobId;
            this.type = type;
            this.condition = condition;
            this.compiled = compiled;
            this.patch = patch;
            this.method = method;
            this.created = created;
            this.start = start.isBefore(created) ? created : start;
            this.maxExecution = maxExecution;
            this.startNanos = HubCore.nanosOf(this.start);
            this.status = this.start.isAfter(created) ? JobStatus.SCHEDULED : JobStatus.QUEUED;
        }

        synchronized JobStatus status() {
            return status;
        }

        synchronized Optional<Instant> endTime() {
            return Optional.ofNullable(end);
        }

        synchronized boolean endedBefore(Instant cutoff) {
            return end != null && end.isBefore(cutoff);
        }

        /** The job's own next event: its start, or its deadline while it runs. */
        synchronized long nextEventNanos() {
            if (status.isFinal()) {
                return NEVER;
            }
            return targets == null ? startNanos : deadlineNanos;
        }

        synchronized boolean hasPending() {
            return !status.isFinal() && targets != null && next < targets.size();
        }

        /** Selects the devices when the start time has come. */
        synchronized boolean beginIfDue(long nanos) {
            if (status.isFinal() || targets != null || startNanos > nanos) {
                return false;
            }
            List<DeviceId> selected = new ArrayList<>();
            Iterator<Twin> it = core.index.twinsAfter(null, nanos);
            while (it.hasNext()) {
                Twin t = it.next();
                if (!t.isModuleTwin() && compiled.matches(t)) {
                    selected.add(t.deviceId());
                }
            }
            targets = selected;
            deadlineNanos = HubCore.plus(nanos, HubCore.nanosOf(maxExecution));
            status = JobStatus.RUNNING;
            return true;
        }

        /** Takes the next device to process at {@code atNanos}, or null when none is left or the job's time is up. */
        synchronized DeviceId take(long atNanos) {
            if (!hasPending() || atNanos >= deadlineNanos) {
                return null;
            }
            DeviceId id = targets.get(next++);
            inFlight.add(id);
            return id;
        }

        /** Runs one device's operation (with no lock held) and records what it did. */
        void run(DeviceId id, long atNanos) {
            Instant at = HubCore.instant(atNanos);
            DeviceJobResult result;
            try {
                if (type == JobType.TWIN_UPDATE) {
                    EmbeddedTwins.apply(core, id, patch, ETag.ANY);
                    result = result(id, DeviceJobStatus.COMPLETED, at, Optional.empty(), "");
                } else {
                    MethodResult r = methods.deliver(id, method);
                    result = result(id, DeviceJobStatus.COMPLETED, at, Optional.of(r), "");
                }
            } catch (RuntimeException e) {
                // a hub refusal, or a simulated device's own failure: this device failed, the job goes on
                result = result(id, DeviceJobStatus.FAILED, at, Optional.empty(),
                        e instanceof FleetException ? e.getMessage() : "device failed: " + e);
            }
            record(id, result);
        }

        private synchronized void record(DeviceId id, DeviceJobResult result) {
            inFlight.remove(id);
            done.add(result);
            if (result.status() == DeviceJobStatus.COMPLETED) {
                succeeded++;
            } else {
                failed++;
            }
        }

        /** Completes the job when every device is done, or fails the rest when its time is up. */
        synchronized void settle(long nanos) {
            if (status.isFinal() || targets == null) {
                return;
            }
            if (!inFlight.isEmpty()) {
                return;
            }
            if (next >= targets.size()) {
                finish(JobStatus.COMPLETED, "", nanos);
            } else if (nanos >= deadlineNanos) {
                String reason = "the job ran past its maximum execution time of " + maxExecution.toSeconds() + " s";
                Instant at = HubCore.instant(deadlineNanos);
                while (next < targets.size()) {
                    done.add(result(targets.get(next++), DeviceJobStatus.FAILED, at, Optional.empty(), reason));
                    failed++;
                }
                finish(JobStatus.FAILED, reason, deadlineNanos);
            }
        }

        private DeviceJobResult result(DeviceId id, DeviceJobStatus s, Instant at, Optional<MethodResult> outcome,
                                       String error) {
            return new DeviceJobResult(id, jobId, type, s, created, at, outcome, error);
        }

        private void finish(JobStatus s, String reason, long nanos) {
            status = s;
            failureReason = reason;
            end = HubCore.instant(nanos);
            active.remove(this);
        }

        synchronized void cancel(Instant now) {
            if (status.isFinal()) {
                return;
            }
            if (targets != null) {
                while (next < targets.size()) {
                    done.add(result(targets.get(next++), DeviceJobStatus.CANCELLED, now, Optional.empty(),
                            "the job was cancelled before this device was reached"));
                    failed++;
                }
            }
            status = JobStatus.CANCELLED;
            end = now;
            active.remove(this);
        }

        synchronized List<DeviceJobResult> results() {
            List<DeviceJobResult> all = new ArrayList<>(done);
            for (DeviceId id : inFlight) {
                all.add(result(id, DeviceJobStatus.RUNNING, created, Optional.empty(), ""));
            }
            if (targets != null) {
                for (int i = next; i < targets.size(); i++) {
                    all.add(result(targets.get(i), DeviceJobStatus.PENDING, created, Optional.empty(), ""));
                }
            }
            return all;
        }

        synchronized ScheduledJob view() {
            int count = targets == null ? 0 : targets.size();
            JobStatistics stats = new JobStatistics(count, failed, succeeded, 0, count - succeeded - failed);
            return new ScheduledJob(jobId, type, condition, status, created, start, Optional.ofNullable(end),
                    maxExecution, stats, failureReason, Optional.ofNullable(patch), Optional.ofNullable(method));
        }
    }
}
