package dev.fleetops.core.call;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link dev.fleetops.core.FleetClient} spent on one class of hub operations (or on all of them): a snapshot of monotonically
 * growing counters. Immutable and thread-safe.
 *
 * @param calls logical calls made through the client (one per façade call and class; retries not counted)
 * @param attempts requests sent to the hub, retries included
 * @param retries attempts made after a failed attempt
 * @param throttled 429 answers received; those a retry absorbed and, when retries ran out, the last one (which
 *     also counts as a failure)
 * @param failures calls that ended in an exception surfaced to the caller
 * @param pacingWait total time spent waiting for client-side pacing (on the client's clock)
 * @param backoffWait total time spent waiting between attempts (on the client's clock)
 * @param ended calls that have ended, with a result or an exception; the count behind the latencies
 * @param latencyTotal the sum of ended calls' latencies, from start to end with every wait (client's clock)
 * @param latencyMax the longest latency of an ended call; in a sum of snapshots, the longest of them
 */
public record CallStatistics(long calls, long attempts, long retries, long throttled, long failures,
                             Duration pacingWait, Duration backoffWait, long ended, Duration latencyTotal,
                             Duration latencyMax) {

    /** All zero. */
    public static final CallStatistics ZERO = new CallStatistics(0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0,
            Duration.ZERO, Duration.ZERO);

    /**
     * Validates the record.
     *
     * @param calls logical calls made through the client (one per façade call and class; retries not counted)
     * @param attempts requests sent to the hub, retries included
     * @param retries attempts made after a failed attempt
     * @param throttled 429 answers received, absorbed or not
     * @param failures calls that ended in an exception surfaced to the caller
     * @param pacingWait total time spent waiting for client-side pacing (on the client's clock)
     * @param backoffWait total time spent waiting between attempts (on the client's clock)
     * @param ended calls that have ended
     * @param latencyTotal the sum of ended calls' latencies
     * @param latencyMax the longest latency of an ended call
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a count or duration is negative
     */
    public CallStatistics {
        Objects.requireNonNull(pacingWait, "pacingWait");
        Objects.requireNonNull(backoffWait, "backoffWait");
        Objects.requireNonNull(latencyTotal, "latencyTotal");
        Objects.requireNonNull(latencyMax, "latencyMax");
        if (calls < 0 || attempts < 0 || retries < 0 || throttled < 0 || failures < 0 || pacingWait.isNegative()
                || backoffWait.isNegative() || ended < 0 || latencyTotal.isNegative() || latencyMax.isNegative()) {
            throw new IllegalArgumentException("call statistics cannot be negative");
        }
    }

    /**
     * Returns the sum of this and another snapshot.
     *
     * @param other the other snapshot
     * @return the sum
     */
    public CallStatistics plus(CallStatistics other) {
        return new CallStatistics(calls + other.calls, attempts + other.attempts, retries + other.retries,
                throttled + other.throttled, failures + other.failures, pacingWait.plus(other.pacingWait),
                backoffWait.plus(other.backoffWait), ended + other.ended, latencyTotal.plus(other.latencyTotal),
                latencyMax.compareTo(other.latencyMax) >= 0 ? latencyMax : other.latencyMax);
    }

    /**
     * Returns the mean latency of ended calls.
     *
     * @return the mean, or zero when no call has ended
     */
    public Duration latencyMean() {
        return ended == 0 ? Duration.ZERO : latencyTotal.dividedBy(ended);
    }
}
