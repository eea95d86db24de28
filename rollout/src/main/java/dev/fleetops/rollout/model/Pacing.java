package dev.fleetops.rollout.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the rollout may go: how many devices may be patched and not yet decided at once, what share of the hub's
 * quota (twin updates, queries, job device operations) the rollout may use, leaving the rest to the application,
 * and how often at most a wave is evaluated with its four {@code COUNT()} queries. Immutable and thread-safe.
 *
 * @param maxInFlight the most devices patched and awaiting their verdict at once; at least 1
 * @param quotaShare the share of each hub quota class the rollout uses, above 0 and at most 1
 * @param evaluationPeriod the shortest time between two evaluations of a wave (the quota share may stretch it);
 *     at least one second
 */
public record Pacing(int maxInFlight, double quotaShare, Duration evaluationPeriod) {

    /** The default evaluation period: verdicts take minutes (soak, timeout), and a minute keeps watching cheap. */
    public static final Duration DEFAULT_EVALUATION_PERIOD = Duration.ofMinutes(1);

    /**
     * Validates the pacing.
     *
     * @param maxInFlight at least 1
     * @param quotaShare above 0 and at most 1
     * @param evaluationPeriod at least one second
     * @throws IllegalArgumentException if a value is out of range (the message names the field)
     */
    public Pacing {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("pacing.maxInFlight is " + maxInFlight + "; it is at least 1");
        }
        if (!(quotaShare > 0 && quotaShare <= 1)) {
            throw new IllegalArgumentException("pacing.quotaShare is " + quotaShare + "; it is above 0 and at most 1");
        }
        Objects.requireNonNull(evaluationPeriod, "pacing.evaluationPeriod");
        if (evaluationPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("pacing.evaluationPeriod is " + evaluationPeriod + "; it is at least "
                    + "one second");
        }
    }

    /**
     * Returns a pacing with the default evaluation period of a minute.
     *
     * @param maxInFlight at least 1
     * @param quotaShare above 0 and at most 1
     * @throws IllegalArgumentException if a value is out of range (the message names the field)
     */
    public Pacing(int maxInFlight, double quotaShare) {
        this(maxInFlight, quotaShare, DEFAULT_EVALUATION_PERIOD);
    }

    /**
     * Returns the default: 1,000 devices in flight, half of the hub's quota, an evaluation at most once a minute.
     *
     * @return the pacing
     */
    public static Pacing defaults() {
        return new Pacing(1000, 0.5);
    }

    /**
     * Returns this pacing with another evaluation period (shorter for a demonstration on a real clock, longer to
     * spare the query quota of a large hub).
     *
     * @param period at least one second
     * @return the pacing
     * @throws IllegalArgumentException if the period is shorter than a second
     */
    public Pacing withEvaluationPeriod(Duration period) {
        return new Pacing(maxInFlight, quotaShare, period);
    }
}
