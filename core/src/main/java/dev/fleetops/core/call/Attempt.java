package dev.fleetops.core.call;

import dev.fleetops.core.model.OperationClass;

import java.time.Duration;

/**
 * One attempt of a call in progress, as its body sees it: which attempt it is, how long it may take, and a way to
 * charge extra remote operations it makes to pacing and statistics. A module's remote call receives it from
 * {@code Calls.run(...)}; a hub backend reaches the current one through {@link dev.fleetops.core.spi.Attempts}.
 *
 * <p>Valid only on the calling thread and only during the attempt. Not thread-safe.
 */
public interface Attempt {

    /**
     * Returns which attempt this is.
     *
     * @return 1 for the first attempt
     */
    int number();

    /**
     * Returns how long this attempt may take: the attempt timeout, or the time left before the call's deadline when
     * that is shorter. A body uses it as the timeout of its remote request.
     *
     * @return a positive duration
     */
    Duration timeout();

    /**
     * Returns the audit context the call carries (its correlation id and attributes), for example to pass the
     * correlation id on to a remote service.
     *
     * @return the context
     */
    AuditContext context();

    /**
     * Charges one more remote request that this attempt makes beyond the one its call was paced for, before making
     * it: waits for its pacing quota (bounded by the call's deadline and maximum pacing wait) and counts it as an
     * attempt in the statistics. A request that carries several items (a bulk call) takes several permits. For example a backend that must read a device before writing it charges one extra registry
     * operation, and one more for each time it repeats the pair.
     *
     * @param operationClass the class the request counts in
     * @param permits the permits it takes, at least 1
     * @throws IllegalArgumentException if {@code permits} is below 1
     * @throws dev.fleetops.core.error.DeadlineExceededException if the quota cannot be had in time
     * @throws dev.fleetops.core.error.InterruptedCallException if the thread is interrupted while waiting
     */
    void charge(OperationClass operationClass, long permits);
}
