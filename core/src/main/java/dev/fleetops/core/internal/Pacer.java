package dev.fleetops.core.internal;

import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side pacing: one {@link SlidingLog} per {@link OperationClass}, sized from the class's quota times this
 * client's share of it. A class's quota is, in this order: the one the client's builder set for it, the class's own
 * ({@link OperationClass#quota()}, for services other than IoT Hub), or the hub tier's for IoT Hub's classes; a class
 * with none of these is not paced. No window of a quota's length then holds more of the class's requests than the
 * quota allows, from this client. Thread-safe.
 */
public final class Pacer {

    private final HubTier tier;
    private final double share;
    private final Map<OperationClass, Quota> quotas;
    private final long startNanos;
    private final Map<OperationClass, SlidingLog> logs = new ConcurrentHashMap<>();
    private final Map<OperationClass, Boolean> unpaced = new ConcurrentHashMap<>();

    /**
     * Creates the pacer.
     *
     * @param tier the hub's tier and units, or null when the client does not pace IoT Hub's classes
     * @param share the fraction of each quota this client may use, above 0 and at most 1
     * @param quotas quotas set for particular classes, overriding the class's own and the tier's
     * @param nowNanos the current time on the client's clock, in ns
     * @throws IllegalArgumentException if the share is out of range
     */
    public Pacer(HubTier tier, double share, Map<OperationClass, Quota> quotas, long nowNanos) {
        if (!(share > 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("pacing share is " + share + "; it must be above 0 and at most 1");
        }
        this.tier = tier;
        this.share = share;
        this.quotas = Map.copyOf(Objects.requireNonNull(quotas, "quotas"));
        this.startNanos = nowNanos;
    }

    /**
     * Creates a pacer for a hub tier alone.
     *
     * @param tier the hub's tier and units
     * @param share the fraction of each quota this client may use, above 0 and at most 1
     * @param nowNanos the current time on the client's clock, in ns
     * @throws IllegalArgumentException if the share is out of range
     */
    public Pacer(HubTier tier, double share, long nowNanos) {
        this(Objects.requireNonNull(tier, "tier"), share, Map.of(), nowNanos);
    }

    /**
     * Returns the quota this pacer paces a class to, before the share is applied.
     *
     * @param op the class
     * @return the quota, or null when the class is not paced
     */
    public Quota quota(OperationClass op) {
        Quota q = quotas.get(op);
        if (q != null) {
            return q;
        }
        if (op.quota().isPresent()) {
            return op.quota().get();
        }
        return tier != null && op.isHubClass() ? tier.quota(op) : null;
    }

    /**
     * Returns how many requests of a class this pacer lets through per window: the quota's amount times the share,
     * rounded down, at least 1.
     *
     * @param op the class
     * @return the amount, or 0 when the class is not paced
     */
    public int amount(OperationClass op) {
        SlidingLog log = log(op);
        return log == null ? 0 : log.amount();
    }

    private SlidingLog log(OperationClass op) {
        SlidingLog log = logs.get(op);
        if (log != null || unpaced.containsKey(op)) {
            return log;
        }
        Quota q = quota(op);
        if (q == null) {
            unpaced.put(op, Boolean.TRUE);
            return null;
        }
        int amount = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.floor(q.amount() * share + 1e-9)));
        return logs.computeIfAbsent(op, k -> new SlidingLog(amount, q.window().toNanos(), startNanos));
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
        SlidingLog log = log(op);
        if (log == null) {
            return Reservation.NONE;
        }
        long grant = log.reserve(permits, nowNanos);
        long wait = Math.max(0, grant - nowNanos);
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
                    log.cancel(permits, grant);
                }
            }

            @Override
            public void confirm(long now) {
                if (!cancelled) {
                    log.confirm(permits, grant, now);
                }
            }
        };
    }

    /**
     * Tells the pacer that the hub throttled a request of this class (429): the class is drained, so no thread
     * bursts into the hub again, and held until the hub's {@code Retry-After} when it gave one.
     *
     * @param op the class
     * @param retryAfterNanos the hub's {@code Retry-After}, 0 when it gave none
     * @param nowNanos the current time, in ns
     */
    public void throttled(OperationClass op, long retryAfterNanos, long nowNanos) {
        SlidingLog log = log(op);
        if (log != null) {
            log.throttled(nowNanos, nowNanos + Math.max(0, retryAfterNanos));
        }
    }

    /** Returns the tier and share, for logs. */
    @Override
    public String toString() {
        return "Pacer[tier=" + tier + ", share=" + share + ", quotas=" + quotas + "]";
    }
}
