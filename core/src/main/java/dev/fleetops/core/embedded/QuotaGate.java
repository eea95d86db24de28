package dev.fleetops.core.embedded;

import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The embedded hub's throttles: one token bucket per operation class, full at the start, holding at most one
 * window's quota and refilling continuously on the hub's clock. A request that finds too few tokens is refused
 * (the hub answers 429), never queued. Thread-safe.
 */
final class QuotaGate {

    private final Clock clock;
    private final Map<OperationClass, Bucket> buckets = new EnumMap<>(OperationClass.class);

    QuotaGate(HubTier tier, Clock clock) {
        this.clock = clock;
        long now = nanos();
        for (OperationClass op : OperationClass.values()) {
            buckets.put(op, new Bucket(tier.quota(op), now));
        }
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * Takes {@code cost} tokens for {@code op} if they are there.
     *
     * @return true when granted
     */
    boolean tryAcquire(OperationClass op, int cost) {
        return buckets.get(op).tryTake(cost, nanos());
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(Quota quota, long now) {
            this.capacity = quota.amount();
            this.perNano = quota.amount() / (double) quota.window().toNanos();
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean tryTake(int cost, long now) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
            }
            // A bulk call larger than the bucket can never fit; let it through when the bucket is full.
            double need = Math.min(cost, capacity);
            if (tokens + 1e-9 >= need) {
                tokens -= cost;
                return true;
            }
            return false;
        }
    }
}
