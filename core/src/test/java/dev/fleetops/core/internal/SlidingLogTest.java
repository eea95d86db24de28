package dev.fleetops.core.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's pacing keeps the quota in every window, under any schedule, and sustains it. */
class SlidingLogTest {

    private static final long SECOND = 1_000_000_000L;

    /** The most permits that any half-open window (t - w, t] holds, over windows ending at each grant. */
    private static long maxInAnyWindow(List<long[]> grants, long window) {
        long max = 0;
        for (long[] end : grants) {
            long sum = 0;
            for (long[] g : grants) {
                if (g[0] > end[0] - window && g[0] <= end[0]) {
                    sum += g[1];
                }
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    @Property(tries = 400)
    void reserve_anySchedule_neverPutsMoreThanTheAmountInAnyWindow(
            @ForAll @IntRange(min = 1, max = 40) int amount,
            @ForAll @LongRange(min = 1, max = 60) long windowSeconds,
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 5000) Integer> gapsMillis,
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 1, max = 50) Integer> permits,
            @ForAll @IntRange(min = 0, max = 3) int cancelEvery) {
        long window = windowSeconds * SECOND;
        long now = 1_000 * SECOND;
        SlidingLog log = new SlidingLog(amount, window, now);
        List<long[]> grants = new ArrayList<>();
        int n = Math.min(gapsMillis.size(), permits.size());
        for (int i = 0; i < n; i++) {
            now += gapsMillis.get(i) * 1_000_000L;
            long k = Math.min(permits.get(i), amount); // one request never holds more than the amount here
            long grant = log.reserve(k, now);
            assertThat(grant).isGreaterThanOrEqualTo(now);
            if (cancelEvery > 0 && i % (cancelEvery + 2) == 1) {
                log.cancel(k, grant); // given back, never sent
            } else {
                grants.add(new long[] {grant, k});
            }
        }
        assertThat(maxInAnyWindow(grants, window)).isLessThanOrEqualTo(amount);
    }

    @Property(tries = 300)
    void confirm_lateSends_neverPutMoreThanTheAmountInAnyWindowOfSendTimes(
            @ForAll @IntRange(min = 1, max = 30) int amount,
            @ForAll @Size(min = 1, max = 100) List<@IntRange(min = 0, max = 3000) Integer> gapsMillis,
            @ForAll @Size(min = 1, max = 100) List<@IntRange(min = 0, max = 900) Integer> lateMillis,
            @ForAll @IntRange(min = 1, max = 4) int permits) {
        long window = SECOND;
        long now = 0;
        SlidingLog log = new SlidingLog(amount, window, now);
        List<long[]> sends = new ArrayList<>();
        long k = Math.min(permits, amount);
        int n = Math.min(gapsMillis.size(), lateMillis.size());
        for (int i = 0; i < n; i++) {
            now += gapsMillis.get(i) * 1_000_000L;
            long grant = log.reserve(k, now);
            long sent = grant + lateMillis.get(i) * 1_000_000L; // the thread was late to send it
            log.confirm(k, grant, sent);
            sends.add(new long[] {sent, k});
            now = sent;
        }
        assertThat(maxInAnyWindow(sends, window)).isLessThanOrEqualTo(amount);
    }

    @Property(tries = 100)
    void reserve_continuousDemand_sustainsTheQuota(@ForAll @IntRange(min = 1, max = 200) int amount,
                                                  @ForAll @IntRange(min = 1, max = 5) int permits) {
        long window = 60 * SECOND;
        long start = 0;
        SlidingLog log = new SlidingLog(amount, window, start);
        long sent = 0;
        long last = start;
        long k = Math.min(permits, amount);
        // Ten windows of continuous demand: each request asks as soon as the previous one was granted.
        while (true) {
            long grant = log.reserve(k, last);
            if (grant > start + 10 * window) {
                break;
            }
            sent += k;
            last = grant;
        }
        // A request is never split, so a window holds whole requests: floor(amount / k) of them.
        long achievable = 10L * (amount / k) * k;
        assertThat((double) sent / achievable).as("sent %d of %d", sent, achievable).isGreaterThanOrEqualTo(0.98);
        if (k == 1) {
            assertThat((double) sent / (10.0 * amount)).isGreaterThanOrEqualTo(0.98);
        }
    }

    @Test
    void newLog_startsAtTheSteadyRate_afterIdleAllowsAWindowsAmount() {
        SlidingLog log = new SlidingLog(100, 60 * SECOND, 0);

        assertThat(log.reserve(1, 0)).isZero();
        assertThat(log.reserve(1, 0)).isEqualTo(600_000_000L); // one every 0.6 s, no burst at the start
        long later = 10 * 60 * SECOND;
        for (int i = 0; i < 100; i++) {
            assertThat(log.reserve(1, later)).isEqualTo(later); // a window's amount at once after idle time
        }
        assertThat(log.reserve(1, later)).isEqualTo(later + 60 * SECOND);
    }

    @Test
    void throttled_drainsTheBurstAndHoldsUntilRetryAfter() {
        SlidingLog log = new SlidingLog(100, 60 * SECOND, 0);
        long later = 10 * 60 * SECOND;

        log.throttled(later, later + 5 * SECOND);

        assertThat(log.reserve(1, later)).isEqualTo(later + 5 * SECOND);
        assertThat(log.reserve(1, later)).isEqualTo(later + 5 * SECOND + 600_000_000L);
    }

    @Test
    void cancel_givesThePermitsBack() {
        SlidingLog log = new SlidingLog(1, 60 * SECOND, 0);
        log.reserve(1, 0);
        long second = log.reserve(1, 0);
        assertThat(second).isEqualTo(60 * SECOND);

        log.cancel(1, second);

        assertThat(log.reserve(1, 0)).isEqualTo(60 * SECOND); // not 120 s: the cancelled permit is gone
    }
}
