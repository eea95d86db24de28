package dev.fleetops.samples;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.RolloutHandle;
import dev.fleetops.rollout.RolloutManager;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.Pacing;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Strategy;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rollout engine's three numbers, each printed as a table row:
 *
 * <ul>
 *   <li>{@code overhead [devices] [jobs|per-device]}: a rollout of firmware 2.0 over instant devices (the firmware
 *   agent reports at once) in 5 waves on an embedded hub without quotas, stepped on a virtual clock. The engine's
 *   CPU is the stepping thread's CPU time inside {@code step()} minus the CPU time spent inside hub calls (measured
 *   by a call listener, which runs on the calling thread); its heap is the used heap (after full collections) with
 *   the manager, its store and the handle reachable, minus the same after they are dropped. A phase is one pass of
 *   the rollout over a device (change and verdict).</li>
 *   <li>{@code pacing [devices]}: a per-device rollout on an embedded S1 hub (one unit, answering 429 over its
 *   quotas) through a client that knows the tier, against the quota-bound minimum (the most a class needs: twin
 *   reads at 100 a second, twin updates at 50 a second); beside it in the same run, the naive loop a user would
 *   write (read, patch, on a 429 wait a second and try again, up to three times) on a client without pacing.</li>
 *   <li>{@code jobs [devices...]}: job-strategy rollouts on an embedded S1 hub (jobs update 10 devices a second),
 *   printing hub calls per device by class and the queries of each gate evaluation.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.RolloutBenchmark
 * -Dexec.args="overhead 1000000 jobs"}
 */
public final class RolloutBenchmark {

    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ZERO, Duration.ofHours(1));
    /** An "instant" device: reports a millisecond after its desired properties change. */
    private static final Duration INSTANT = Duration.ofMillis(1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RolloutBenchmark() {
    }

    /**
     * Runs one of the measurements.
     *
     * @param args the measurement and its arguments (see the class description)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String what = args.length > 0 ? args[0] : "overhead";
        System.out.printf("java %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        switch (what) {
            case "overhead":
                overhead(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000,
                        args.length > 2 && args[2].equals("per-device") ? Strategy.PER_DEVICE : Strategy.JOBS);
                break;
            case "pacing":
                pacing(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
                break;
            case "jobs":
                System.out.println("| devices | waves | hub calls | calls per device | queries | job calls "
                        + "| twin reads | twin updates | gate evaluations | queries per evaluation (min..max) "
                        + "| devices per wave (largest) |");
                System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
                for (int i = 1; i < Math.max(2, args.length); i++) {
                    jobs(args.length > i ? Integer.parseInt(args[i]) : 100_000);
                }
                break;
            default:
                throw new IllegalArgumentException("unknown measurement '" + what + "'; use overhead, pacing or jobs");
        }
    }

    private static DeviceId id(int i) {
        return DeviceId.of(String.format("dev-%07d", i));
    }

    /** Loads a fleet on firmware 1.0 with bucket tags; returns the hub. */
    private static void load(EmbeddedHub hub, int devices, Duration applyDelay) {
        FleetSimulator.attach(hub).defaultBehaviour(FirmwareAgent.builder().applyDelay(applyDelay).build());
        for (int i = 0; i < devices; i++) {
            hub.load(Twin.builder(id(i))
                    .tags(PropertyTree.builder().put("model", "th-200").put(RolloutBucket.TAG, RolloutBucket.of(id(i)))
                            .build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
    }

    private static RolloutPlan.Builder fiveWaves(String id, Strategy strategy, int inFlight) {
        return RolloutPlan.builder(RolloutId.of(id)).target("tags.model = 'th-200'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(1, Duration.ZERO))
                .wave(WaveSpec.percent(5, Duration.ZERO))
                .wave(WaveSpec.percent(20, Duration.ZERO))
                .wave(WaveSpec.percent(50, Duration.ZERO))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2).gates(Gates.strict().withMinimumSample(1))
                .pacing(new Pacing(inFlight, 1.0)).strategy(strategy);
    }

    /** CPU time spent inside hub calls, per thread (a call listener runs on the calling thread). */
    private static final class HubCpu implements CallListener {
        private final ThreadLocal<long[]> started = ThreadLocal.withInitial(() -> new long[] {-1});
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public void onAttemptStarted(CallEvent.AttemptStarted event) {
            long[] s = started.get();
            if (s[0] < 0) {
                s[0] = THREADS.getCurrentThreadCpuTime();
            }
        }

        @Override
        public void onCallEnded(CallEvent.CallEnded event) {
            long[] s = started.get();
            if (s[0] >= 0) {
                nanos.addAndGet(THREADS.getCurrentThreadCpuTime() - s[0]);
                s[0] = -1;
            }
        }
    }

    private static void overhead(int devices, Strategy strategy) throws InterruptedException {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        load(hub, devices, INSTANT);
        clock.advance(Duration.ofMinutes(1));
        HubCpu hubCpu = new HubCpu();
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).callListener(hubCpu).build();
        long heapBefore = usedAfterGc();

        RolloutManager manager = RolloutManager.builder(client).build();
        RolloutHandle h = manager.begin(fiveWaves("overhead", strategy, 1_000_000).build());
        long stepCpu = 0;
        long steps = 0;
        long wallStart = System.nanoTime();
        RolloutSnapshot s = h.snapshot();
        Instant begun = clock.instant();
        while (!s.state().isFinal() && clock.instant().isBefore(begun.plus(Duration.ofDays(2)))) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            s = h.step();
            stepCpu += THREADS.getCurrentThreadCpuTime() - t0;
            steps++;
            clock.sleep(Duration.ofSeconds(15));
        }
        long wall = System.nanoTime() - wallStart;
        long heapWith = usedAfterGc();
        Reference.reachabilityFence(h);
        Reference.reachabilityFence(manager);
        h = null;
        manager = null;
        long heapWithout = usedAfterGc();
        Reference.reachabilityFence(hub);

        // the client's own cost per call outside the hub (authorization, audit, policy, statistics): measured on
        // reads of the same hub, and charged to the client rather than to the engine
        long calls = client.statistics().total().calls();
        long probeHub = hubCpu.nanos.get();
        long p0 = THREADS.getCurrentThreadCpuTime();
        int probes = Math.min(devices, 50_000);
        for (int i = 0; i < probes; i++) {
            client.twins().get(id(i));
        }
        long perCall = (THREADS.getCurrentThreadCpuTime() - p0 - (hubCpu.nanos.get() - probeHub)) / probes;
        long engineCpu = Math.max(0, stepCpu - probeHub);
        long engineHeap = Math.max(0, heapWith - heapWithout);
        long hubInSteps = probeHub;
        long engineOnly = Math.max(0, engineCpu - calls * perCall);
        System.out.println("| strategy | devices | state | steps | wall | CPU in steps | in hub calls | client calls "
                + "| client cost per call | engine CPU per device per phase (with the client's cost) | engine heap "
                + "| engine heap per device |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %s | %,d | %s | %,d | %.1f s | %.2f s | %.2f s | %,d | %.2f µs | %.3f µs (%.3f µs) "
                        + "| %,d B | %.1f B |%n",
                strategy, devices, s.state(), steps, wall / 1e9, stepCpu / 1e9, hubInSteps / 1e9, calls,
                perCall / 1e3, engineOnly / 1e3 / devices, engineCpu / 1e3 / devices, engineHeap,
                (double) engineHeap / devices);
        System.out.printf("heap: before the rollout %,d B, at its end with the engine %,d B, without %,d B%n",
                heapBefore, heapWith, heapWithout);
    }

    private static void pacing(int devices) throws InterruptedException {
        // the rollout, through a client that knows the tier
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        load(hub, devices, INSTANT);
        clock.advance(Duration.ofMinutes(10));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).pacingShare(1.0)
                .build();
        List<Instant> applied = new ArrayList<>();
        RolloutManager manager = RolloutManager.builder(client).listener(e -> {
            if (e instanceof RolloutEvent.DeviceApplied) {
                applied.add(e.at());
            }
        }).build();
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("paced")).target("tags.model = 'th-200'")
                .desired("firmware.version", "2.0").wave(WaveSpec.percent(100, Duration.ZERO)).verdict(FW2)
                .gates(Gates.strict().withMinimumSample(1)).pacing(new Pacing(devices, 1.0)).build();
        Instant start = clock.instant();
        int failures = 0;
        RolloutSnapshot end;
        try {
            end = manager.begin(plan).await(Duration.ofDays(1));
        } catch (RuntimeException e) {
            failures++;
            end = null;
        }
        Duration took = Duration.between(start, clock.instant());
        Duration patching = applied.isEmpty() ? Duration.ZERO : Duration.between(start, applied.get(applied.size()
                - 1));
        CallStatistics reads = client.statistics().of(OperationClass.TWIN_READ);
        CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
        long queries = client.statistics().of(OperationClass.QUERY).calls();
        long listing = (devices + 99) / 100; // the target's ids, 100 a page, before the first patch
        // lower bounds: every class at its S1 rate at once; and with the listing first (exact waves need it)
        double overlapped = Math.max(queries * 3.0, Math.max(reads.calls() / 100.0, updates.calls() / 50.0));
        double minimum = listing * 3.0 + Math.max((queries - listing) * 3.0, Math.max(reads.calls() / 100.0,
                updates.calls() / 50.0));
        long throttled = client.statistics().total().throttled();

        Naive plain = naive(devices, dev.fleetops.core.call.RetryPolicy.none(), 4);
        Naive retried = naive(devices, dev.fleetops.core.call.RetryPolicy.defaults(), 1);
        double naiveMinimum = listing * 3.0 + devices / 50.0;
        System.out.println("| run | devices | queries | twin reads | twin updates | minimum, listing first "
                + "(all classes at once) | last patch | end | end / minimum (/ all at once) | 429s absorbed "
                + "| 429s or failures reaching the caller |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| rollout (per-device, paced) | %,d | %,d | %,d | %,d | %.0f s (%.0f s) | %d s | %d s "
                        + "| %.3f (%.3f) | %d | %d (%s) |%n", devices, queries, reads.calls(), updates.calls(), minimum,
                overlapped, patching.getSeconds(), took.getSeconds(), took.getSeconds() / minimum,
                took.getSeconds() / overlapped, throttled, failures, end == null ? "failed" : end.state());
        plain.print("naive loop, no pacing, no retry policy (1 s back-off on 429, 4 tries)", devices, naiveMinimum);
        retried.print("naive loop, no pacing, the client's retry policy (back-off, Retry-After)", devices,
                naiveMinimum);
    }

    /** What a naive loop did: list the target, then read and patch each device, with no pacing. */
    private record Naive(long queries, long reads, long updates, long throttled, long notPatched, Duration took) {
        void print(String name, int devices, double minimum) {
            System.out.printf("| %s | %,d | %,d | %,d | %,d | %.0f s | %d s | %d s | %.3f | %,d | %,d devices not "
                            + "patched |%n", name, devices, queries, reads, updates, minimum, took.getSeconds(),
                    took.getSeconds(), took.getSeconds() / minimum, throttled, notPatched);
        }
    }

    private static Naive naive(int devices, dev.fleetops.core.call.RetryPolicy retry, int tries)
            throws InterruptedException {
        VirtualClock clock2 = VirtualClock.create();
        EmbeddedHub hub2 = EmbeddedHub.builder().clock(clock2).tier(HubTier.s1(1)).build();
        load(hub2, devices, INSTANT);
        clock2.advance(Duration.ofMinutes(10));
        FleetClient naive = FleetClient.builder().hub(hub2).clock(clock2).retryPolicy(retry).build();
        Instant start2 = clock2.instant();
        long naiveFailed = 0;
        // the target's ids first, page by page, as a user would list them
        List<DeviceId> ids = new ArrayList<>();
        String token = null;
        do {
            dev.fleetops.core.model.QueryPage<PropertyTree> page = null;
            for (int attempt = 0; attempt < tries && page == null; attempt++) {
                try {
                    page = naive.queries().rows("SELECT deviceId FROM devices WHERE tags.model = 'th-200'",
                            token == null ? dev.fleetops.core.model.PageRequest.first()
                                    : dev.fleetops.core.model.PageRequest.first().next(token));
                } catch (ThrottledException e) {
                    clock2.sleep(Duration.ofSeconds(1));
                }
            }
            if (page == null) {
                naiveFailed = devices - ids.size(); // the listing gave up: the rest is never reached
                break;
            }
            page.items().forEach(r -> ids.add(DeviceId.of(r.getString("deviceId").orElseThrow())));
            token = page.continuationToken().orElse(null);
        } while (token != null);
        for (DeviceId d : ids) {
            boolean done = false;
            for (int attempt = 0; attempt < tries && !done; attempt++) {
                try {
                    Twin t = naive.twins().get(d);
                    naive.twins().patch(d, TwinPatch.builder().desired("firmware.version", "2.0").build(), t.etag());
                    done = true;
                } catch (ThrottledException e) {
                    clock2.sleep(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    break;
                }
            }
            if (!done) {
                naiveFailed++;
            }
        }
        return new Naive(naive.statistics().of(OperationClass.QUERY).attempts(),
                naive.statistics().of(OperationClass.TWIN_READ).attempts(),
                naive.statistics().of(OperationClass.TWIN_UPDATE).attempts(),
                naive.statistics().total().throttled(), naiveFailed,
                Duration.between(start2, clock2.instant()));
    }

    private static void jobs(int devices) throws InterruptedException {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        load(hub, devices, Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(10));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).build();
        List<RolloutEvent.WaveProgress> evaluations = new ArrayList<>();
        RolloutManager manager = RolloutManager.builder(client).listener(e -> {
            if (e instanceof RolloutEvent.WaveProgress) {
                evaluations.add((RolloutEvent.WaveProgress) e);
            }
        }).build();
        RolloutPlan plan = fiveWaves("jobs-" + devices, Strategy.JOBS, devices).build();
        RolloutSnapshot end = manager.begin(plan).await(Duration.ofDays(30));
        if (end.state() != RolloutState.SUCCEEDED) {
            throw new IllegalStateException("the rollout ended " + end.state() + ": " + end.reason());
        }
        CallStatistics total = client.statistics().total();
        long queries = client.statistics().of(OperationClass.QUERY).calls();
        long jobCalls = client.statistics().of(OperationClass.JOBS).calls();
        long reads = client.statistics().of(OperationClass.TWIN_READ).calls();
        long updates = client.statistics().of(OperationClass.TWIN_UPDATE).calls();
        int min = evaluations.stream().filter(e -> e.applied() > 0).mapToInt(RolloutEvent.WaveProgress::queries)
                .min().orElse(0);
        int max = evaluations.stream().mapToInt(RolloutEvent.WaveProgress::queries).max().orElse(0);
        long largest = evaluations.stream().mapToLong(RolloutEvent.WaveProgress::applied).max().orElse(0);
        System.out.printf("| %,d | %d | %,d | %.4f | %,d | %,d | %,d | %,d | %,d | %d..%d | %,d |%n", devices,
                plan.waveCount(), total.calls(), (double) total.calls() / devices, queries, jobCalls, reads, updates,
                evaluations.size(), min, max, largest);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
