package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.Pacing;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;
import dev.fleetops.rollout.model.WaveSummary;
import dev.fleetops.rollout.spi.InMemoryRolloutStore;
import dev.fleetops.rollout.spi.RolloutStore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine stopped at any point (a process dying before its n-th write to the store) and a new engine attached to
 * the same store: no device is patched twice in a phase, no verdict is lost, and the fleet ends as the
 * uninterrupted run leaves it.
 */
class CrashSafetyTest {

    private static final int FLEET = 40;
    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5), Duration.ofHours(1));

    /** A process that dies when it tries its n-th write. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(int n) {
            super("the process stopped before write " + n);
        }
    }

    /** A store that lets a number of writes through and then stops the process. */
    static final class CrashingStore implements RolloutStore {
        private final RolloutStore delegate;
        private int writesLeft;
        private int writes;

        CrashingStore(RolloutStore delegate, int crashAt) {
            this.delegate = delegate;
            this.writesLeft = crashAt;
        }

        private void write() {
            writes++;
            if (writesLeft-- == 0) {
                throw new Crash(writes);
            }
        }

        @Override
        public boolean create(RolloutRecord record) {
            write();
            return delegate.create(record);
        }

        @Override
        public Optional<RolloutRecord> find(RolloutId id) {
            return delegate.find(id);
        }

        @Override
        public boolean update(RolloutRecord record, long expectedVersion) {
            write();
            return delegate.update(record, expectedVersion);
        }

        @Override
        public List<RolloutRecord> list() {
            return delegate.list();
        }

        @Override
        public void saveDevices(RolloutId id, Collection<DeviceProgress> devices) {
            write();
            delegate.saveDevices(id, devices);
        }

        @Override
        public List<DeviceProgress> devices(RolloutId id) {
            return delegate.devices(id);
        }

        @Override
        public Optional<DeviceProgress> device(RolloutId id, DeviceId device) {
            return delegate.device(id, device);
        }

        @Override
        public List<DeviceProgress> devices(RolloutId id, int wave, DeviceState state, int limit) {
            return delegate.devices(id, wave, state, limit);
        }

        @Override
        public Map<DeviceState, Long> counts(RolloutId id, int wave) {
            return delegate.counts(id, wave);
        }

        @Override
        public void saveSummary(WaveSummary summary) {
            write();
            delegate.saveSummary(summary);
        }

        @Override
        public List<WaveSummary> summaries(RolloutId id) {
            return delegate.summaries(id);
        }
    }

    /** The fleet's end state: desired and reported firmware and the desired $version of every device. */
    record Outcome(RolloutState state, Map<String, String> fleet, Map<DeviceState, Long> devices) {
    }

    private static DeviceId id(int i) {
        return DeviceId.of(String.format("d-%03d", i));
    }

    private static RolloutPlan plan(boolean failingCanary, boolean jobs) {
        RolloutPlan.Builder b = RolloutPlan.builder(RolloutId.of("crash")).target("tags.kind = 'sensor'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(10, Duration.ofMinutes(5)))
                .wave(WaveSpec.percent(50, Duration.ofMinutes(5)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2)
                .gates(Gates.strict().withMinimumSample(2))
                .pacing(new Pacing(7, 0.5));
        if (failingCanary) {
            b.canaries(id(1), id(2), id(3));
        }
        if (jobs) {
            b.strategy(dev.fleetops.rollout.model.Strategy.JOBS);
        }
        return b.build();
    }

    /** Run with a new engine attached for every step. */
    private static final int EVERY_STEP = -2;

    /** How many writes the last uninterrupted run made (for the test that stops at every one of them). */
    private static int lastWrites;

    /** Runs the scenario, stopping the first engine before write {@code crashAt} (never when negative). */
    private static Outcome run(boolean failingCanary, int crashAt) throws InterruptedException {
        return run(failingCanary, false, crashAt);
    }

    /** Runs the scenario with either strategy (with jobs, every device carries its bucket tag). */
    private static Outcome run(boolean failingCanary, boolean jobs, int crashAt) throws InterruptedException {
        return run(failingCanary ? d -> d.equals(id(2)) : d -> false, failingCanary, jobs, crashAt);
    }

    /** Runs the scenario with the given failing devices (canaries pinned when {@code canaries}). */
    private static Outcome run(Predicate<DeviceId> failing, boolean canaries, boolean jobs, int crashAt)
            throws InterruptedException {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        FleetSimulator.attach(hub).defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .failOn(failing).build());
        for (int i = 0; i < FLEET; i++) {
            hub.load(Twin.builder(id(i)).tags(PropertyTree.builder().put("kind", "sensor")
                            .put("fleetops.bucket", dev.fleetops.core.model.RolloutBucket.of(id(i))).build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();
        InMemoryRolloutStore durable = new InMemoryRolloutStore();
        RolloutPlan plan = plan(canaries, jobs);
        RolloutState end;
        if (crashAt == EVERY_STEP) {
            // a new engine for every step: whatever an engine keeps in memory (the job it waits for, the last
            // counts) is lost at every step boundary
            RolloutManager.builder(client).store(durable).build().begin(plan);
            RolloutSnapshot s;
            do {
                s = RolloutManager.builder(client).store(durable).build().attach(plan).step();
                clock.sleep(Duration.ofSeconds(15));
            } while (!s.state().isFinal() && s.state() != RolloutState.FAILED);
            end = s.state();
        } else {
            try {
                CrashingStore store = new CrashingStore(durable, crashAt < 0 ? Integer.MAX_VALUE : crashAt);
                RolloutManager first = RolloutManager.builder(client).store(store).build();
                end = first.begin(plan).await(Duration.ofHours(12)).state();
                lastWrites = store.writes;
            } catch (Crash stopped) {
                RolloutManager second = RolloutManager.builder(client).store(durable).build();
                if (durable.find(plan.id()).isEmpty()) {
                    end = second.begin(plan).await(Duration.ofHours(12)).state(); // it died before begin was stored
                } else {
                    end = second.attach(plan).await(Duration.ofHours(12)).state();
                }
            }
        }
        Map<String, String> fleet = new TreeMap<>();
        for (int i = 0; i < FLEET; i++) {
            Twin t = hub.twins().get(id(i));
            fleet.put(id(i).value(), t.desired().getString("firmware.version").orElse("-") + "/"
                    + t.reported().getString("firmware.version").orElse("-") + "/v" + t.desiredVersion());
        }
        Map<DeviceState, Long> counts = new TreeMap<>();
        durable.devices(plan.id()).forEach(d -> counts.merge(d.state(), 1L, Long::sum));
        return new Outcome(end, fleet, counts);
    }

    @Test
    void aHappyRun_writesTheStoreAroundEveryChange() throws InterruptedException {
        assertThat(run(false, -1).state()).isEqualTo(RolloutState.SUCCEEDED);
        // before and after every device's patch, each transition, and each wave's verdicts (saved in one write)
        assertThat(lastWrites).isGreaterThan(2 * FLEET);
    }

    @Property(tries = 200)
    void stoppedAnywhere_andAttached_endsAsTheUninterruptedRun(@ForAll @DoubleRange(min = 0, max = 1) double where,
                                                                @ForAll boolean failingCanary, @ForAll boolean jobs)
            throws InterruptedException {
        Outcome reference = run(failingCanary, jobs, -1);
        int crashAt = (int) Math.min(lastWrites - 1, Math.floor(where * lastWrites)); // a point inside the run

        Outcome crashed = run(failingCanary, jobs, crashAt);

        // same states, same fleet, and the same desired $version per device: nothing patched twice in a phase
        assertThat(crashed).isEqualTo(reference);
    }

    @Test
    void stoppedAtEveryWriteOfOneScenario_endsAsTheUninterruptedRun() throws InterruptedException {
        Outcome reference = run(true, -1);
        int writes = lastWrites;
        assertThat(reference.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(writes).isBetween(10, 400); // the property test's range covers a whole run
        for (int crashAt = 0; crashAt < writes; crashAt++) {
            assertThat(run(true, crashAt)).as("stopped before write %d", crashAt + 1).isEqualTo(reference);
        }
    }

    @Test
    void withJobs_stoppedAtEveryWrite_endsAsTheUninterruptedRun() throws InterruptedException {
        for (boolean failingCanary : new boolean[] {false, true}) {
            Outcome reference = run(failingCanary, true, -1);
            int writes = lastWrites;
            assertThat(reference.state()).isEqualTo(failingCanary ? RolloutState.ROLLED_BACK
                    : RolloutState.SUCCEEDED);
            for (int crashAt = 0; crashAt < writes; crashAt++) {
                assertThat(run(failingCanary, true, crashAt)).as("stopped before write %d", crashAt + 1)
                        .isEqualTo(reference);
            }
        }
    }

    @Test
    void withJobs_aFailingJobWaveRolledBackByJobs_stoppedAtEveryWrite_endsAsTheUninterruptedRun()
            throws InterruptedException {
        Predicate<DeviceId> all = d -> true; // every install fails: the first job wave fails and jobs roll it back
        Outcome reference = run(all, false, true, -1);
        int writes = lastWrites;
        assertThat(reference.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(reference.fleet().values()).anyMatch(v -> v.endsWith("/v3")); // changed by a job, restored by one
        for (int crashAt = 0; crashAt < writes; crashAt++) {
            assertThat(run(all, false, true, crashAt)).as("stopped before write %d", crashAt + 1)
                    .isEqualTo(reference);
        }
    }

    @Test
    void aNewEngineAtEveryStepBoundary_endsAsTheUninterruptedRun_withEitherStrategy() throws InterruptedException {
        for (boolean jobs : new boolean[] {false, true}) {
            for (boolean failingCanary : new boolean[] {false, true}) {
                Outcome reference = run(failingCanary, jobs, -1);
                assertThat(run(failingCanary, jobs, EVERY_STEP)).as("jobs=%s failingCanary=%s", jobs, failingCanary)
                        .isEqualTo(reference);
            }
            Predicate<DeviceId> all = d -> true;
            assertThat(run(all, false, jobs, EVERY_STEP)).as("jobs=%s, every install failing", jobs)
                    .isEqualTo(run(all, false, jobs, -1));
        }
    }
}
