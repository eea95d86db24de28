package dev.fleetops.core;

import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.internal.Pacer;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pacing judged by someone else: the embedded hub's throttling judge (an exact sliding-window counter written apart
 * from the client's pacing) and, for the pacer under many threads, a window count in this test. After idle time no
 * window of a quota's length holds more than the tier allows, and under continuous demand the client sustains at
 * least 0.98 of the quota.
 */
class PacingJudgedTest {

    private final VirtualClock clock = VirtualClock.create();

    /** The most send times in any half-open window (t - w, t] that ends at one of them. */
    private static int maxInAnyWindow(List<Long> times, Duration window) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(from) <= sorted.get(to) - window.toNanos()) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    /** Requests per full window after the first one, the burst that idle time allows: the sustained rate. */
    private static double sustained(List<Long> recorded, Duration window, int amount) {
        // sorted: threads record their grants after reserving, so the list's order is not the grants' order
        List<Long> times = new ArrayList<>(recorded);
        Collections.sort(times);
        long start = times.get(0) + window.toNanos();
        long end = times.get(times.size() - 1);
        long inside = times.stream().filter(t -> t > start && t <= end).count();
        double windows = (double) (end - start) / window.toNanos();
        return inside / windows / amount;
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void registryOnS1_afterIdle_noMinuteHoldsMoreThan100_andTheRateIsSustained() {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        hub.load(dev.fleetops.core.model.Twin.builder(DeviceId.of("d1")).build());
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1))
                .callListener(new CallListener() {
                    @Override
                    public void onAttemptStarted(CallEvent.AttemptStarted event) {
                        sent.add(nanos(clock.instant()));
                    }
                }).build();
        clock.advance(Duration.ofMinutes(30)); // idle: the client may now use a whole window at once

        for (int i = 0; i < 1000; i++) {
            client.devices().get(DeviceId.of("d1"));
        }

        assertThat(hub.statistics().totalThrottled()).isZero();
        assertThat(maxInAnyWindow(sent, Duration.ofMinutes(1))).isEqualTo(100);
        assertThat(sustained(sent, Duration.ofMinutes(1), 100)).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void twinUpdatesOnS1_afterIdle_noSecondHoldsMoreThan50_andTheRateIsSustained() {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        hub.registry().create(Device.of(DeviceId.of("d1")));
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1))
                .callListener(new CallListener() {
                    @Override
                    public void onAttemptStarted(CallEvent.AttemptStarted event) {
                        sent.add(nanos(clock.instant()));
                    }
                }).build();
        clock.advance(Duration.ofMinutes(5));

        for (int i = 0; i < 2000; i++) {
            client.twins().patch(DeviceId.of("d1"), TwinPatch.builder().desired("n", i).build());
        }

        assertThat(hub.statistics().totalThrottled()).isZero();
        assertThat(maxInAnyWindow(sent, Duration.ofSeconds(1))).isEqualTo(50);
        assertThat(sustained(sent, Duration.ofSeconds(1), 50)).isGreaterThanOrEqualTo(0.98);
    }

    /**
     * The pacer under eight threads, each asking for permits (one to five at a time) as fast as it is granted them:
     * whatever order the threads take, no window holds more than the amount, and the rate is the quota's.
     */
    @Test
    void pacer_eightThreads_neverMoreThanTheQuotaInAnyWindow() throws Exception {
        OperationClass dps = OperationClass.of("DPS", Quota.perMinute(1000));
        Pacer pacer = new Pacer(null, 1.0, java.util.Map.of(), 0);
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        long horizon = Duration.ofMinutes(10).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int permits = 1 + t % 5;
            done.add(pool.submit(() -> {
                go.await();
                long now = Duration.ofMinutes(2).toNanos(); // after two idle minutes
                while (true) {
                    long wait = pacer.reserve(dps, permits, now).waitNanos();
                    long grant = now + wait;
                    if (grant > horizon) {
                        return null;
                    }
                    for (int i = 0; i < permits; i++) {
                        grants.add(grant);
                    }
                    now = grant;
                }
            }));
        }
        go.countDown();
        try {
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(maxInAnyWindow(grants, Duration.ofMinutes(1))).isLessThanOrEqualTo(1000);
        assertThat(sustained(grants, Duration.ofMinutes(1), 1000)).isGreaterThanOrEqualTo(0.98);
    }
}
