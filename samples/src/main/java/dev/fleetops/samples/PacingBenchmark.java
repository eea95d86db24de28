package dev.fleetops.samples;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.RemoteCall;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Does client-side pacing keep a quota, and use it? For three classes (S1 registry operations, 100 per minute; S1
 * twin updates, 50 per second; a DPS-like class of a module, 1,000 per minute) this runs continuous demand through a
 * {@link FleetClient} on a virtual clock, after ten idle minutes, from one thread against an embedded S1 hub whose
 * own judge answers 429 to anything over the quota in any window; then four threads in real time on a module's
 * class. It prints the most requests the client sent in any window of the quota's length (at most the quota), the
 * sustained rate after the first window (requests per window, as a fraction of the quota) and the hub's 429s.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.PacingBenchmark}
 */
public final class PacingBenchmark {

    private static final Action PROBE = Action.read("probe.read");

    private PacingBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| class | quota | threads | requests | most in any window | sustained / quota "
                + "| hub 429s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        OperationClass dps = OperationClass.of("DPS", Quota.perMinute(1000));
        run("S1 registry", OperationClass.REGISTRY, Quota.perMinute(100), 1, 1000,
                c -> c.devices().get(DeviceId.of("d1")), true);
        run("S1 twin updates", OperationClass.TWIN_UPDATE, Quota.perSecond(50), 1, 2000,
                c -> c.twins().patch(DeviceId.of("d1"), TwinPatch.builder().desired("n", 1).build()), true);
        run("DPS-like (module)", dps, Quota.perMinute(1000), 1, 8000,
                c -> c.calls().run(RemoteCall.of(PROBE, "probe", dps).safety(Safety.IDEMPOTENT), a -> null), true);
        // Four threads in real time (a virtual clock jumps ahead when one thread sleeps while another is about to
        // send, which says nothing about pacing): a module's class at 200 per second, for about five seconds.
        OperationClass fast = OperationClass.of("PROBE", Quota.perSecond(200));
        run("module class, real time", fast, Quota.perSecond(200), 4, 1000,
                c -> c.calls().run(RemoteCall.of(PROBE, "probe", fast).safety(Safety.IDEMPOTENT), a -> null), false);
    }

    private static void run(String name, OperationClass op, Quota quota, int threads, int requests,
                            Consumer<FleetClient> call, boolean virtual) {
        Clock clock = virtual ? VirtualClock.create() : Clock.systemUTC();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        hub.registry().create(Device.of(DeviceId.of("d1")));
        if (virtual) {
            ((VirtualClock) clock).advance(Duration.ofMinutes(10)); // idle: a whole window may go at once
        }
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1))
                .callListener(new CallListener() {
                    @Override
                    public void onAttemptStarted(CallEvent.AttemptStarted event) {
                        if (event.call().operationClass().equals(op)) {
                            sent.add(virtual ? nanos(clock.instant()) : System.nanoTime());
                        }
                    }
                }).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < requests / threads; i++) {
                    call.accept(client);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark's calls failed", e);
        } finally {
            pool.shutdownNow();
        }
        List<Long> times = new ArrayList<>(sent);
        Collections.sort(times);
        int most = maxInAnyWindow(times, quota.window().toNanos());
        double sustained = sustained(times, quota.window().toNanos(), quota.amount());
        System.out.printf("| %s | %d per %s | %d | %,d | %d | %.3f | %s |%n", name, quota.amount(),
                quota.window().toSeconds() == 1 ? "second" : "minute", threads, times.size(), most, sustained,
                op.isHubClass() ? String.valueOf(hub.statistics().totalThrottled()) : "n/a");
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static int maxInAnyWindow(List<Long> sorted, long window) {
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(from) <= sorted.get(to) - window) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    private static double sustained(List<Long> sorted, long window, long amount) {
        long start = sorted.get(0) + window;
        long end = sorted.get(sorted.size() - 1);
        long inside = sorted.stream().filter(t -> t > start && t <= end).count();
        return inside / ((double) (end - start) / window) / amount;
    }
}
