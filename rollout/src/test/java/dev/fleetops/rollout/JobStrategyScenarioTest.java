package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.model.DeviceState;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts with the job strategy on the fleet simulator with a virtual clock: one hub job per wave and group of
 * previous values, exact rollback by jobs, the per-device fallback, the bucket backfill, and query lag.
 */
class JobStrategyScenarioTest {

    private static final int FLEET = 1000;
    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5), Duration.ofHours(1));

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();
    private final RolloutManager manager = RolloutManager.builder(client).listener(events::add).build();

    private static DeviceId id(int i) {
        return DeviceId.of(String.format("th-%04d", i));
    }

    /** Loads the fleet: each device's previous desired firmware from {@code previous} (null: none). */
    private void fleet(Predicate<DeviceId> failing, IntFunction<String> previous, Predicate<Integer> bucketed) {
        FleetSimulator.attach(hub).defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .failOn(failing).build());
        for (int i = 0; i < FLEET; i++) {
            PropertyTree.Builder tags = PropertyTree.builder().put("model", "th-100");
            if (bucketed.test(i)) {
                tags.put(RolloutBucket.TAG, RolloutBucket.of(id(i)));
            }
            String prev = previous.apply(i);
            hub.load(Twin.builder(id(i)).tags(tags.build())
                    .desired(prev == null ? PropertyTree.empty()
                            : PropertyTree.parse("{\"firmware\":{\"version\":\"" + prev + "\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED)
                    .build());
        }
    }

    private static RolloutPlan.Builder plan(String id) {
        return RolloutPlan.builder(RolloutId.of(id))
                .target("tags.model = 'th-100'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(5, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(30, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2)
                .gates(Gates.strict().withMinimumSample(5))
                .pacing(new Pacing(1000, 0.5))
                .strategy(Strategy.JOBS);
    }

    private Map<DeviceId, Long> desiredVersions() {
        Map<DeviceId, Long> m = new HashMap<>();
        for (int i = 0; i < FLEET; i++) {
            m.put(id(i), hub.twins().get(id(i)).desiredVersion());
        }
        return m;
    }

    private List<RolloutEvent.JobScheduled> jobs() {
        return events.stream().filter(e -> e instanceof RolloutEvent.JobScheduled)
                .map(e -> (RolloutEvent.JobScheduled) e).toList();
    }

    @Test
    void happyPath_oneJobPerWave_noPerDevicePatch_everyDeviceChangedOnce() throws Exception {
        fleet(d -> false, i -> "1.0", i -> true);
        Map<DeviceId, Long> before = desiredVersions();

        RolloutSnapshot end = manager.begin(plan("fw-jobs").build()).await(Duration.ofHours(24));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(end.count(DeviceState.SUCCEEDED)).isEqualTo(FLEET);
        desiredVersions().forEach((d, v) -> assertThat(v).as(d.value()).isEqualTo(before.get(d) + 1));
        assertThat(jobs()).hasSize(3).allSatisfy(j -> assertThat(j.purpose()).isEqualTo("change"));
        // no per-device call at all: no patch, and no twin read (nothing failed, so nothing to confirm)
        assertThat(client.statistics().of(OperationClass.TWIN_UPDATE).calls()).isZero();
        assertThat(client.statistics().of(OperationClass.TWIN_READ).calls()).isZero();
        assertThat(events).noneMatch(e -> e instanceof RolloutEvent.StrategyFallback);
    }

    @Test
    void mixedPreviousValues_oneJobPerGroup_andTheRollbackRestoresEachExactly_leavingAConflict() throws Exception {
        // a third on 1.0, a third on 1.1, a third with no desired firmware at all; one device fails in wave 2
        IntFunction<String> previous = i -> i % 3 == 0 ? "1.0" : i % 3 == 1 ? "1.1" : null;
        DeviceId failing = firstOfWave(2);
        fleet(d -> d.equals(failing), previous, i -> true);
        RolloutHandle h = manager.begin(plan("fw-groups").gates(Gates.strict().withMinimumSample(5)
                .withFailureBudget(0, 0.0)).build());
        // someone pins a device of wave 0 to 9.9 while the rollout runs
        DeviceId pinned = null;
        while (pinned == null) {
            h.step();
            clock.advance(Duration.ofSeconds(15));
            pinned = events.stream().filter(e -> e instanceof RolloutEvent.WaveStarted
                    && ((RolloutEvent.WaveStarted) e).wave() == 1).findFirst().map(e -> firstChanged()).orElse(null);
        }
        hub.twins().patch(pinned, TwinPatch.builder().desired("firmware.version", "9.9").build(), ETag.ANY);

        RolloutSnapshot end = h.await(Duration.ofHours(24));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(jobs()).filteredOn(j -> j.purpose().equals("change")).hasSizeGreaterThanOrEqualTo(9);
        assertThat(jobs()).filteredOn(j -> j.purpose().equals("rollback")).hasSize(3);
        for (int i = 0; i < FLEET; i++) {
            Twin t = hub.twins().get(id(i));
            if (id(i).equals(pinned)) {
                assertThat(t.desired().getString("firmware.version")).contains("9.9");
            } else {
                assertThat(t.desired().getString("firmware.version").orElse(null)).as(id(i).value())
                        .isEqualTo(previous.apply(i));
            }
        }
        assertThat(end.count(DeviceState.CONFLICT)).isEqualTo(1);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.RollbackConflict.class,
                c -> assertThat(c.device()).isNotNull()));
    }

    /** A device the rollout changed in wave 0, read from the hub. */
    private DeviceId firstChanged() {
        for (int i = 0; i < FLEET; i++) {
            if ("2.0".equals(hub.twins().get(id(i)).desired().getString("firmware.version").orElse(""))) {
                return id(i);
            }
        }
        return null;
    }

    /**
     * A device of the last wave (bucket positions 300 to 999 of the rotated order: the waves reach 5%, 30% and 100%
     * of the buckets).
     */
    private static DeviceId firstOfWave(int wave) {
        int start = (int) Math.floor(dev.fleetops.rollout.internal.WaveAssignment.position(
                plan("fw-groups").build().id(), DeviceId.of("fleetops-bucket-rotation")) * RolloutBucket.COUNT);
        for (int i = 0; i < FLEET; i++) {
            int pos = Math.floorMod(RolloutBucket.of(id(i)) - start, RolloutBucket.COUNT);
            if (wave == 2 && pos >= 300) {
                return id(i);
            }
        }
        throw new IllegalStateException("no device in wave " + wave);
    }

    @Test
    void devicesWithoutABucket_getPerDevicePatches_andAnEventSaysSo() throws Exception {
        fleet(d -> false, i -> "1.0", i -> i % 10 != 0);

        RolloutSnapshot end = manager.begin(plan("fw-mixed").build()).await(Duration.ofHours(24));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(end.count(DeviceState.SUCCEEDED)).isEqualTo(FLEET);
        long fallback = events.stream().filter(e -> e instanceof RolloutEvent.StrategyFallback)
                .mapToLong(e -> ((RolloutEvent.StrategyFallback) e).devices()).sum();
        assertThat(fallback).isEqualTo(FLEET / 10);
        assertThat(client.statistics().of(OperationClass.TWIN_UPDATE).calls()).isEqualTo(FLEET / 10);
        for (int i = 0; i < FLEET; i++) {
            assertThat(hub.twins().get(id(i)).desired().getString("firmware.version")).contains("2.0");
        }
    }

    @Test
    void backfill_stampsTheBucketOncePerDevice_andAgainStampsNothing() {
        fleet(d -> false, i -> "1.0", i -> i % 4 != 0);

        assertThat(manager.backfillBuckets("tags.model = 'th-100'")).isEqualTo(FLEET / 4);
        assertThat(manager.backfillBuckets("tags.model = 'th-100'")).isZero();
        for (int i = 0; i < FLEET; i++) {
            assertThat(hub.twins().get(id(i)).tags().getLong(RolloutBucket.TAG))
                    .contains((long) RolloutBucket.of(id(i)));
        }
    }

    @Test
    void queryLag_jobsWaitForTheIndex_andNoDeviceIsChangedTwice() throws Exception {
        hub.setQueryLag(Duration.ofMinutes(3));
        fleet(d -> false, i -> "1.0", i -> true);
        clock.advance(Duration.ofMinutes(5)); // the fleet existed before the rollout: the index shows it
        Map<DeviceId, Long> before = desiredVersions();

        RolloutSnapshot end = manager.begin(plan("fw-lag").build()).await(Duration.ofHours(24));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        desiredVersions().forEach((d, v) -> assertThat(v).as(d.value()).isEqualTo(before.get(d) + 1));
    }

    @Test
    void pauseCancelsTheRunningJob_nothingChangesWhilePaused_andResumeFinishesEveryDeviceOnce() throws Exception {
        // S1: a job changes 10 devices a second, so the last wave's job runs for about a minute
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(dev.fleetops.core.model.HubTier.s1(1)).build();
        FleetClient c = FleetClient.builder().hub(s1).clock(clock).tier(dev.fleetops.core.model.HubTier.s1(1)).build();
        FleetSimulator.attach(s1).defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).build());
        for (int i = 0; i < FLEET; i++) {
            s1.load(Twin.builder(id(i)).tags(PropertyTree.builder().put("model", "th-100")
                            .put(RolloutBucket.TAG, RolloutBucket.of(id(i))).build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
        clock.advance(Duration.ofMinutes(5));
        List<RolloutEvent> heard = new CopyOnWriteArrayList<>();
        RolloutHandle h = RolloutManager.builder(c).listener(heard::add).build().begin(plan("fw-pause-jobs").build());
        while (heard.stream().noneMatch(e -> e instanceof RolloutEvent.JobScheduled
                && ((RolloutEvent.JobScheduled) e).wave() == 2)) {
            h.step();
            clock.sleep(Duration.ofSeconds(15));
        }
        clock.sleep(Duration.ofSeconds(20)); // the job has changed some of the last wave, not all of it

        h.pause();
        h.step();
        String job = heard.stream().filter(e -> e instanceof RolloutEvent.JobScheduled).map(e ->
                ((RolloutEvent.JobScheduled) e).jobId()).reduce((a, b) -> b).orElseThrow();
        assertThat(s1.jobs().get(job).status()).isEqualTo(dev.fleetops.core.model.JobStatus.CANCELLED);
        long changed = changedOn(c);
        assertThat(changed).isLessThan(FLEET);
        for (int i = 0; i < 40; i++) { // ten minutes paused: nothing more changes
            clock.sleep(Duration.ofSeconds(15));
            h.step();
        }
        assertThat(changedOn(c)).isEqualTo(changed);

        h.resume();
        RolloutSnapshot end = h.await(Duration.ofHours(24));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        for (int i = 0; i < FLEET; i++) {
            Twin t = c.twins().get(id(i));
            assertThat(t.desired().getString("firmware.version")).contains("2.0");
            assertThat(t.desiredVersion()).as(id(i).value()).isEqualTo(2); // loaded at 1, changed once
        }
    }

    /** Devices whose desired firmware is 2.0, counted by a query through a paced client (the hub throttles). */
    private static long changedOn(FleetClient c) {
        return c.queries().rows("SELECT COUNT() AS n FROM devices WHERE properties.desired.firmware.version = '2.0'",
                dev.fleetops.core.model.PageRequest.first()).items().get(0).getLong("n").orElse(0L);
    }
}
