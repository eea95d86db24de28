package dev.fleetops.core.embedded;

import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded hub's throttling judge: for each operation class, a sliding-window counter of the operations it
 * accepted, kept as (time, count) entries; an operation is refused when the window of the quota's length that ends
 * now would hold more than the quota's amount with it. It is written apart from the client's pacing (which keeps a
 * ring of grant times and computes when a request may go), so that a test judged here can catch a client that
 * bursts past its quota. Time is the hub's clock, in nanoseconds since the epoch. Thread-safe: one lock per class.
 */
final class QuotaGate {

    private final Clock clock;
    private final Map<OperationClass, Counter> counters = new HashMap<>();

    QuotaGate(HubTier tier, Clock clock) {
        this.clock = clock;
        for (OperationClass op : OperationClass.hubClasses()) {
            counters.put(op, new Counter(tier.quota(op)));
        }
    }

    private long nanos() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * Accepts {@code cost} operations of {@code op} if the window ending now has room for them.
     *
     * @return empty when accepted; otherwise how long until the window has room (the hub's {@code Retry-After})
     */
    Optional<Duration> tryAcquire(OperationClass op, int cost) {
        Counter c = counters.get(op);
        return c == null ? Optional.empty() : c.tryAcquire(cost, nanos());
    }

    /** One class's accepted operations within the last window. */
    private static final class Counter {
        private final long amount;
        private final long window;
        /** Entries of {time, count}, oldest first. */
        private final ArrayDeque<long[]> entries = new ArrayDeque<>();
        private long inWindow;

        Counter(Quota quota) {
            this.amount = quota.amount();
            this.window = quota.window().toNanos();
        }

        synchronized Optional<Duration> tryAcquire(int cost, long now) {
            // The window is (now - window, now]: an operation exactly one window ago no longer counts.
            while (!entries.isEmpty() && entries.peekFirst()[0] <= now - window) {
                inWindow -= entries.pollFirst()[1];
            }
            // A single request above the whole amount (a bulk call larger than the quota) is served when the window
            // is empty; anything else must fit.
            boolean fits = inWindow + cost <= amount || inWindow == 0;
            if (fits) {
                long[] last = entries.peekLast();
                if (last != null && last[0] == now) {
                    last[1] += cost;
                } else {
                    entries.addLast(new long[] {now, cost});
                }
                inWindow += cost;
                return Optional.empty();
            }
            // Room comes when enough of the oldest entries have left the window.
            long freed = 0;
            long needed = inWindow + cost - amount;
            for (long[] e : entries) {
                freed += e[1];
                if (freed >= needed) {
                    return Optional.of(Duration.ofNanos(Math.max(1, e[0] + window - now)));
                }
            }
            return Optional.of(Duration.ofNanos(window));
        }
    }
}
