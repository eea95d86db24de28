package dev.fleetops.core;

import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.internal.Sleeper;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A scheduled job in progress on the hub, as a long operation: its status, its per-device results, cancellation,
 * and {@link #await(Duration)}. Obtain one with {@link Jobs#beginTwinUpdate} or {@link Jobs#beginDirectMethod}, or
 * re-attach to a job after a restart with {@link Jobs#attach(String)}: the job lives on the hub, and the handle
 * holds only its id and the last state read. Every call goes through the client's policy (authorization, pacing,
 * retries, statistics) as the view of the client that made the handle.
 *
 * <p>A job that fails or is cancelled is a result, not an exception: {@link #await(Duration)} returns it with its
 * final status. Thread-safe.
 */
public final class JobHandle {

    /** The first wait between polls of {@link #await(Duration)}; it doubles up to {@link #MAX_POLL}. */
    public static final Duration FIRST_POLL = Duration.ofSeconds(1);
    /** The longest wait between polls of {@link #await(Duration)}. */
    public static final Duration MAX_POLL = Duration.ofSeconds(30);

    private final Jobs jobs;
    private final Sleeper sleeper;
    private final String jobId;
    private final AtomicReference<ScheduledJob> last;

    JobHandle(Jobs jobs, Sleeper sleeper, ScheduledJob job) {
        this.jobs = jobs;
        this.sleeper = sleeper;
        this.jobId = job.jobId();
        this.last = new AtomicReference<>(job);
    }

    /**
     * Returns the job's id, which {@link Jobs#attach(String)} takes.
     *
     * @return the id
     */
    public String id() {
        return jobId;
    }

    /**
     * Returns the job as last read by this handle, without calling the hub.
     *
     * @return the last known state
     */
    public ScheduledJob snapshot() {
        return last.get();
    }

    /**
     * Reads the job from the hub.
     *
     * @return its current state, with statistics
     * @throws JobNotFoundException if the hub no longer has it
     * @throws dev.fleetops.core.error.FleetException for other failures of the hub, after retries
     */
    public ScheduledJob refresh() {
        ScheduledJob now = jobs.get(jobId);
        last.set(now);
        return now;
    }

    /**
     * Cancels the job; devices already processed keep the change. Idempotent.
     *
     * @return the job after the request
     * @throws JobNotFoundException if the hub no longer has it
     * @throws dev.fleetops.core.error.FleetException for other failures of the hub, after retries
     */
    public ScheduledJob cancel() {
        ScheduledJob now = jobs.cancel(jobId);
        last.set(now);
        return now;
    }

    /**
     * Returns one page of what the job did on each device.
     *
     * @param page the page size and continuation token
     * @return the page
     * @throws dev.fleetops.core.error.FleetException for failures of the hub, after retries
     */
    public QueryPage<DeviceJobResult> deviceResults(PageRequest page) {
        return jobs.deviceResults(jobId, page);
    }

    /**
     * Streams what the job did on every device, a page at a time as the stream is consumed (the fleet is never
     * held in memory).
     *
     * @return a sequential, ordered stream
     */
    public Stream<DeviceJobResult> streamDeviceResults() {
        return jobs.streamDeviceResults(jobId);
    }

    /**
     * Waits until the job is final (completed, failed or cancelled), polling the hub with a backoff from one
     * second, doubling up to 30 seconds ({@link #FIRST_POLL}, {@link #MAX_POLL}). Waits are on the client's clock:
     * on a virtual clock they advance it, so a simulated job is awaited without real waiting.
     *
     * @param timeout the longest time to wait, on the client's clock
     * @return the job in its final state; a failed or cancelled job is returned, not thrown
     * @throws DeadlineExceededException if the job is not final when the timeout passes (the job goes on)
     * @throws InterruptedCallException if the thread is interrupted while waiting (the flag is set again)
     * @throws JobNotFoundException if the hub no longer has the job
     * @throws dev.fleetops.core.error.FleetException for other failures of the hub, after retries
     */
    public ScheduledJob await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("await timeout is " + timeout + "; it must not be negative");
        }
        long deadline = sleeper.nanoTime() + timeout.toNanos();
        long poll = FIRST_POLL.toNanos();
        ScheduledJob job = refresh();
        while (!job.status().isFinal()) {
            long left = deadline - sleeper.nanoTime();
            if (left <= 0) {
                throw new DeadlineExceededException("job " + jobId + " is still " + job.status() + " after "
                        + timeout + "; it goes on at the hub (await again, or cancel it)",
                        DeadlineExceededException.Bound.DEADLINE, timeout, null);
            }
            sleeper.sleep(Math.min(poll, left));
            poll = Math.min(poll * 2, MAX_POLL.toNanos());
            job = refresh();
        }
        return job;
    }

    /** Returns the id and last known status, for logs. */
    @Override
    public String toString() {
        return "JobHandle[id=" + jobId + ", status=" + last.get().status() + "]";
    }
}
