package dev.fleetops.core.embedded;

import dev.fleetops.core.internal.TokenBucket;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The embedded hub's throttles: one token bucket per operation class, full at the start, holding at most one
 * window's quota and refilling continuously on the hub's clock. A request that finds too few tokens is refused
 * (the hub answers 429), never queued. Thread-safe.
 */
final class QuotaGate {

    private final Clock clock;
    private final Map<OperationClass, TokenBucket> buckets = new EnumMap<>(OperationClass.class);

    QuotaGate(HubTier tier, Clock clock) {
        this.clock = clock;
        long now = nanos();
        for (OperationClass op : OperationClass.values()) {
            Quota q = tier.quota(op);
            buckets.put(op, new TokenBucket(q.amount(), q.perSecond(), q.amount(), now));
        }
    }

    private long nanos() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * Takes {@code cost} tokens for {@code op} if they are there.
     *
     * @return true when granted
     */
    boolean tryAcquire(OperationClass op, int cost) {
        return buckets.get(op).tryAcquire(cost, nanos());
    }
}
