package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.internal.RolloutEngine;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.DryRunReport;
import dev.fleetops.rollout.model.GateResult;
import dev.fleetops.rollout.model.GateTrip;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.WaveSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Runs a plan without touching a device: on an {@link EmbeddedHub} loaded with a copy of the target fleet (streamed
 * through a client from the real hub, so that device states, tags and connection states are the fleet's own) or with
 * a synthetic fleet, on a virtual clock, with simulated devices whose updates fail at an assumed rate. The plan runs
 * through the same engine as a real rollout, on a client paced at the given tier's quotas, and the report gives the
 * waves as formed, the devices left out and why, the hub calls by quota class, the time the whole rollout takes (an
 * ETA from the tier's quotas, bakes and soaks), and for each wave the probability that its gates trip, from
 * repeated simulation of the gates with its 95% confidence interval.
 *
 * <p>Gate trips are simulated with the plan's own thresholds ({@link dev.fleetops.rollout.model.Gates#judge}): in
 * each trial every device of a wave fails independently with the assumed rate (binomial draws; a normal
 * approximation above 1,000 devices), and a trial stops at the first wave whose gates fail. Health gates are the
 * application's code and are asked only in the simulated rollout, not in the trials.
 *
 * <p>By default the simulated devices run FleetOps' firmware agent on the plan's first changed path (reporting
 * {@code version} and {@code state} under the path's parent, {@code state = 'failed'} on failure) after two
 * minutes; give a {@link DeviceBehaviour} that reports what the plan's verdict reads if it reads something else.
 * Built with {@link #builder(RolloutPlan)}; a built dry run is immutable and may be run more than once (each run
 * loads a fresh hub). Not thread-safe while building.
 */
public final class DryRun {

    private final RolloutPlan plan;
    private final FleetClient source;
    private final int syntheticDevices;
    private final IntFunction<Twin> synthetic;
    private final double failureRate;
    private final HubTier tier;
    private final int trials;
    private final long seed;
    private final Duration applyDelay;
    private final DeviceBehaviour behaviour;
    private final Duration limit;

    private DryRun(Builder b) {
        this.plan = b.plan;
        this.source = b.source;
        this.syntheticDevices = b.syntheticDevices;
        this.synthetic = b.synthetic;
        this.failureRate = b.failureRate;
        this.tier = b.tier;
        this.trials = b.trials;
        this.seed = b.seed;
        this.applyDelay = b.applyDelay;
        this.behaviour = b.behaviour;
        this.limit = b.limit;
    }

    /**
     * Returns a builder for a dry run of a plan.
     *
     * @param plan the plan
     * @return the builder
     */
    public static Builder builder(RolloutPlan plan) {
        return new Builder(plan);
    }

    /**
     * Runs the simulation and the trials.
     *
     * @return the report
     * @throws dev.fleetops.core.error.FleetException if reading the fleet through the source client fails
     * @throws IllegalStateException if the simulated rollout does not end within the time limit
     * @throws InterruptedException if the thread is interrupted
     */
    public DryRunReport run() throws InterruptedException {
        Simulation withFailures = simulate(failureRate);
        Simulation clean = failureRate == 0 || withFailures.end.state() == RolloutState.SUCCEEDED ? withFailures
                : simulate(0);
        List<GateTrip> trips = trips(withFailures.waveSizes);
        return new DryRunReport(plan.id(), withFailures.target, failureRate, withFailures.waveSizes,
                withFailures.excluded, clean.calls, clean.took, withFailures.end.state(), trips);
    }

    /** One simulated rollout on a freshly loaded hub. */
    private record Simulation(long target, List<Long> waveSizes, Map<String, Long> excluded,
                              Map<String, Long> calls, Duration took, RolloutSnapshot end) {
    }

    private Simulation simulate(double rate) throws InterruptedException {
        Instant start = source != null ? source.clock().instant() : Instant.parse("2026-01-01T00:00:00Z");
        VirtualClock clock = VirtualClock.startingAt(start);
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(tier).seed(seed).build();
        FleetSimulator simulator = FleetSimulator.attach(hub, seed).defaultBehaviour(behaviour != null ? behaviour
                : defaultAgent(rate));
        long[] target = {0};
        if (source != null) {
            try (Stream<Twin> twins = source.queries().streamTwins("SELECT * FROM devices WHERE " + plan.target())) {
                twins.forEach(t -> {
                    hub.load(t);
                    target[0]++;
                });
            }
        } else {
            simulator.populate(syntheticDevices, synthetic);
        }
        // the copy exists before the rollout begins: the query index shows it
        clock.advance(Duration.ofMinutes(5));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(tier).build();
        Map<Integer, Long> waveSizes = new TreeMap<>();
        RolloutManager manager = RolloutManager.builder(client).listener(e -> {
            if (e instanceof RolloutEvent.WaveStarted) {
                waveSizes.put(((RolloutEvent.WaveStarted) e).wave(), (long) ((RolloutEvent.WaveStarted) e).devices());
            }
        }).build();
        Instant begun = clock.instant();
        RolloutHandle h = manager.begin(plan);
        RolloutSnapshot end = h.await(limit);
        while (end.state() == RolloutState.AWAITING_APPROVAL) {
            h.approve(); // a dry run approves every wave, so that the whole plan is measured
            end = h.await(limit);
        }
        if (end.state().isActive() && end.state() != RolloutState.FAILED) {
            throw new IllegalStateException("the simulated rollout of " + plan.id() + " is still " + end.state()
                    + " after " + limit + " of simulated time");
        }
        Duration took = Duration.between(begun, clock.instant());
        long targetDevices = source != null ? target[0] : syntheticDevices;
        // every wave's size, also those the simulation did not reach
        List<Long> sizes = new ArrayList<>();
        for (int w = 0; w < plan.waveCount(); w++) {
            long n = manager.store().counts(plan.id(), w).values().stream().mapToLong(Long::longValue).sum();
            for (WaveSummary s : manager.store().summaries(plan.id())) {
                if (s.wave() == w) {
                    n += s.devices();
                }
            }
            // a wave that ran counts its devices; one a job would have reached, its expected size
            sizes.add(n > 0 ? n : waveSizes.getOrDefault(w, 0L));
        }
        Map<String, Long> excluded = new TreeMap<>();
        for (DeviceProgress d : manager.store().devices(plan.id())) {
            if (d.state() == DeviceState.SKIPPED) {
                excluded.merge(d.note(), 1L, Long::sum);
            }
        }
        long planned = sizes.stream().mapToLong(Long::longValue).sum();
        long missingCanaries = plan.canaries().size() - (plan.canaries().isEmpty() ? 0 : sizes.get(0));
        if (missingCanaries > 0) {
            excluded.put("pinned canary not in the target", missingCanaries);
        }
        if (plan.strategy() != dev.fleetops.rollout.model.Strategy.JOBS && targetDevices > planned) {
            excluded.put("beyond the last wave", targetDevices - planned);
        }
        Map<String, Long> calls = new TreeMap<>();
        for (Map.Entry<OperationClass, CallStatistics> e : client.statistics().byOperation().entrySet()) {
            if (e.getValue().calls() > 0) {
                calls.put(e.getKey().name(), e.getValue().calls());
            }
        }
        return new Simulation(targetDevices, sizes, excluded, calls, took, end);
    }

    private DeviceBehaviour defaultAgent(double rate) {
        String path = RolloutEngine.changedPaths(plan).get(0);
        List<String> segments = PropertyPath.parse(path).segments();
        FirmwareAgent.Builder b = FirmwareAgent.builder().desiredPath(path).applyDelay(applyDelay)
                .failureProbability(rate);
        if (segments.size() > 1) {
            b.reportedPrefix(String.join(".", segments.subList(0, segments.size() - 1)));
        }
        return b.build();
    }

    /** The gates of every wave judged in {@link #trials} trials of binomial failures. */
    private List<GateTrip> trips(List<Long> sizes) {
        Random random = new Random(seed);
        long[] trips = new long[sizes.size()];
        for (int t = 0; t < trials; t++) {
            for (int w = 0; w < sizes.size(); w++) {
                long n = sizes.get(w);
                long failed = binomial(random, n, failureRate);
                WaveSummary s = new WaveSummary(plan.id(), w, n, n - failed, failed, 0, 0, Instant.EPOCH);
                if (plan.gates().judge(s).status() == GateResult.Status.FAIL) {
                    trips[w]++;
                    break;
                }
            }
        }
        List<GateTrip> out = new ArrayList<>();
        for (int w = 0; w < sizes.size(); w++) {
            out.add(GateTrip.of(w, sizes.get(w), trips[w], trials));
        }
        return out;
    }

    /** A binomial draw: exact up to 1,000 trials, a rounded normal approximation above. */
    static long binomial(Random random, long n, double p) {
        if (p <= 0 || n == 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (n <= 1000) {
            long k = 0;
            for (long i = 0; i < n; i++) {
                if (random.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        return Math.max(0, Math.min(n, Math.round(mean + sd * random.nextGaussian())));
    }

    @Override
    public String toString() {
        return "DryRun[" + plan.id() + ", failure rate " + failureRate + ", " + tier + ", " + trials + " trials]";
    }

    /** Builds a {@link DryRun}. Not thread-safe. */
    public static final class Builder {
        private final RolloutPlan plan;
        private FleetClient source;
        private int syntheticDevices = -1;
        private IntFunction<Twin> synthetic;
        private double failureRate;
        private HubTier tier = HubTier.s1(1);
        private int trials = 10_000;
        private long seed = 1;
        private Duration applyDelay = Duration.ofMinutes(2);
        private DeviceBehaviour behaviour;
        private Duration limit = Duration.ofDays(90);

        private Builder(RolloutPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
        }

        /**
         * Copies the target fleet from a hub through a client: its twins are streamed ({@code SELECT * FROM devices
         * WHERE target}) into the simulation's embedded hub, one page at a time. The client's queries count against
         * the real hub's quota; nothing is written to it.
         *
         * @param client the client of the real hub
         * @return this builder
         */
        public Builder fleetFrom(FleetClient client) {
            this.source = Objects.requireNonNull(client, "client");
            this.synthetic = null;
            return this;
        }

        /**
         * Uses a synthetic fleet: {@code devices} twins made by a factory from their index.
         *
         * @param devices how many, zero or more
         * @param twin makes the twin of index {@code i}
         * @return this builder
         * @throws IllegalArgumentException if {@code devices} is negative
         */
        public Builder syntheticFleet(int devices, IntFunction<Twin> twin) {
            if (devices < 0) {
                throw new IllegalArgumentException("syntheticFleet devices is " + devices + "; it is zero or more");
            }
            this.syntheticDevices = devices;
            this.synthetic = Objects.requireNonNull(twin, "twin");
            this.source = null;
            return this;
        }

        /**
         * Sets the assumed share of devices whose update fails (default 0).
         *
         * @param rate 0 to 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder failureRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("failureRate is " + rate + "; it is 0 to 1");
            }
            this.failureRate = rate;
            return this;
        }

        /**
         * Sets the hub tier whose quotas pace the simulated rollout and give its ETA (default S1, one unit).
         *
         * @param t the tier
         * @return this builder
         */
        public Builder tier(HubTier t) {
            this.tier = Objects.requireNonNull(t, "tier");
            return this;
        }

        /**
         * Sets how many trials estimate the gate-trip probabilities (default 10,000).
         *
         * @param n at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder trials(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("trials is " + n + "; it is at least 1");
            }
            this.trials = n;
            return this;
        }

        /**
         * Sets the seed of every random draw, so that a dry run repeats exactly (default 1).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets how long a simulated device takes to apply the change (default 2 minutes).
         *
         * @param d above zero
         * @return this builder
         * @throws IllegalArgumentException if not above zero
         */
        public Builder applyDelay(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("applyDelay is " + d + "; it is above zero");
            }
            this.applyDelay = d;
            return this;
        }

        /**
         * Sets how the simulated devices behave instead of the default firmware agent (the assumed failure rate
         * then applies only to the gate trials).
         *
         * @param b the behaviour
         * @return this builder
         */
        public Builder behaviour(DeviceBehaviour b) {
            this.behaviour = Objects.requireNonNull(b, "behaviour");
            return this;
        }

        /**
         * Sets the most simulated time the rollout may take before the dry run gives up (default 90 days).
         *
         * @param d above zero
         * @return this builder
         * @throws IllegalArgumentException if not above zero
         */
        public Builder timeLimit(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeLimit is " + d + "; it is above zero");
            }
            this.limit = d;
            return this;
        }

        /**
         * Builds the dry run.
         *
         * @return the dry run
         * @throws IllegalStateException if neither a source client nor a synthetic fleet was given
         */
        public DryRun build() {
            if (source == null && synthetic == null) {
                throw new IllegalStateException("a dry run needs a fleet: fleetFrom(client) or syntheticFleet(n, "
                        + "twin)");
            }
            return new DryRun(this);
        }
    }
}
