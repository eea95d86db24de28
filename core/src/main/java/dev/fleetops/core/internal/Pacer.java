package dev.fleetops.core.internal;

import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Client-side pacing: one {@link TokenBucket} per {@link OperationClass}, sized from the hub tier's quota times this
 * client's share of it. A bucket holds up to the quota's amount and refills at amount per window; a new bucket holds
 * a single permit, so that a client starting at full demand runs at the quota from its first call instead of first
 * bursting a window's worth on top of it (after idle time it may burst up to the capacity, as the hub allows).
 * Thread-safe.
 */
public final class Pacer {

    private final Map<OperationClass, TokenBucket> buckets;
    private final HubTier tier;
    private final double share;

    /**
     * Creates the pacer.
     *
     * @param tier the hub's tier and units
     * @param share the fraction of each quota this client may use, above 0 and at most 1
     * @param nowNanos the current time on the client's clock, in ns
     * @throws IllegalArgumentException if the share is out of range
     */
    public Pacer(HubTier tier, double share, long nowNanos) {
        this.tier = Objects.requireNonNull(tier, "tier");
        if (!(share > 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("pacing share is " + share + "; it must be above 0 and at most 1");
        }
        this.share = share;
        EnumMap<OperationClass, TokenBucket> map = new EnumMap<>(OperationClass.class);
        for (OperationClass op : OperationClass.values()) {
            Quota quota = tier.quota(op);
            double amount = quota.amount() * share;
            double capacity = Math.max(1.0, amount);
            map.put(op, new TokenBucket(capacity, quota.perSecond() * share, 1.0, nowNanos));
        }
        this.buckets = map;
    }

    /**
     * Reserves permits of one class.
     *
     * @param op the operation class
     * @param permits how many (a bulk registry call takes one per device)
     * @param nowNanos the current time, in ns
     * @return the reservation: how long to wait before sending, and how to give the permits back
     */
    public Reservation reserve(OperationClass op, long permits, long nowNanos) {
        TokenBucket bucket = buckets.get(op);
        long wait = bucket.reserve(permits, nowNanos);
        return new Reservation() {
            private boolean cancelled;

            @Override
            public long waitNanos() {
                return wait;
            }

            @Override
            public void cancel(long now) {
                if (!cancelled) {
                    cancelled = true;
                    bucket.refund(permits, now);
                }
            }
        };
    }

    /**
     * Returns the bucket of one class, for inspection.
     *
     * @param op the operation class
     * @return the bucket
     */
    public TokenBucket bucket(OperationClass op) {
        return buckets.get(op);
    }

    /** Returns the tier and share, for logs. */
    @Override
    public String toString() {
        return "Pacer[tier=" + tier + ", share=" + share + "]";
    }
}
