package dev.fleetops.rollout.model;

/**
 * How fast the rollout may go: how many devices may be patched and not yet decided at once, and what share of
 * the hub's quota (twin updates, queries, job device operations) the rollout may use, leaving the rest to the
 * application. Immutable and thread-safe.
 *
 * @param maxInFlight the most devices patched and awaiting their verdict at once; at least 1
 * @param quotaShare the share of each hub quota class the rollout uses, above 0 and at most 1
 */
public record Pacing(int maxInFlight, double quotaShare) {

    /**
     * Validates the pacing.
     *
     * @param maxInFlight at least 1
     * @param quotaShare above 0 and at most 1
     * @throws IllegalArgumentException if a value is out of range (the message names the field)
     */
    public Pacing {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("pacing.maxInFlight is " + maxInFlight + "; it is at least 1");
        }
        if (!(quotaShare > 0 && quotaShare <= 1)) {
            throw new IllegalArgumentException("pacing.quotaShare is " + quotaShare + "; it is above 0 and at most 1");
        }
    }

    /**
     * Returns the default: 1,000 devices in flight, half of the hub's quota.
     *
     * @return the pacing
     */
    public static Pacing defaults() {
        return new Pacing(1000, 0.5);
    }
}
