package dev.fleetops.core.azure;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.model.Twin;
import dev.fleetops.rollout.RolloutManager;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.Pacing;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;
import dev.fleetops.testkit.emulator.SpecConformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout through the Azure backend: the real SDK and the adapter's REST calls against the local emulator, whose
 * simulated devices run the firmware agent. The happy path and the automatic rollback, with every exchange checked
 * against Microsoft's spec.
 */
class RolloutOnEmulatorTest {

    private static final int FLEET = 30;

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final FleetClient client = FleetClient.builder().hub(env.azure).clock(env.clock).build();

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private static DeviceId id(int i) {
        return DeviceId.of(String.format("gw-%03d", i));
    }

    private void fleet(DeviceId failing) {
        fleet(failing::equals);
    }

    private void fleet(java.util.function.Predicate<DeviceId> failing) {
        env.simulator.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .failOn(failing).build());
        for (int i = 0; i < FLEET; i++) {
            env.hub.load(Twin.builder(id(i)).tags(PropertyTree.builder().put("model", "gw-10")
                            .put(RolloutBucket.TAG, RolloutBucket.of(id(i))).build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
    }

    private static RolloutPlan.Builder plan(String id) {
        return RolloutPlan.builder(RolloutId.of(id))
                .target("tags.model = 'gw-10'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(20, Duration.ofMinutes(5)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(new Verdict("properties.reported.firmware.version = '2.0'",
                        "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(3),
                        Duration.ofMinutes(30)))
                .gates(Gates.strict().withMinimumSample(3))
                .pacing(new Pacing(10, 0.5));
    }

    @Test
    void happyPath_throughTheAzureBackend_everyDeviceVerifiedAndPatchedOnce() throws Exception {
        fleet(DeviceId.of("none"));

        RolloutSnapshot end = RolloutManager.builder(client).build().begin(plan("gw-fw-2").build())
                .await(Duration.ofHours(6));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(end.count(DeviceState.SUCCEEDED)).isEqualTo(FLEET);
        for (int i = 0; i < FLEET; i++) {
            Twin t = env.hub.twins().get(id(i));
            assertThat(t.reported().getString("firmware.version")).contains("2.0");
            assertThat(t.desiredVersion()).isEqualTo(2); // loaded at 1, patched once
        }
        // the patches went out guarded by the ETag the engine had just read
        assertThat(env.emulator.exchanges()).filteredOn(e -> e.method().equals("PATCH"))
                .hasSize(FLEET).allSatisfy(e -> assertThat(e.requestHeader("If-Match")).isPresent());
    }

    @Test
    void failingFirstWave_rollsBackThroughTheAzureBackend_restoringThePreviousValue() throws Exception {
        fleet(id(0));
        RolloutPlan plan = plan("gw-fw-2-bad").canaries(id(0), id(1), id(2), id(3)).build();

        RolloutSnapshot end = RolloutManager.builder(client).build().begin(plan).await(Duration.ofHours(6));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(end.count(DeviceState.ROLLED_BACK)).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(env.hub.twins().get(id(i)).desired().getString("firmware.version")).contains("1.0");
        }
        for (int i = 4; i < FLEET; i++) {
            assertThat(env.hub.twins().get(id(i)).desiredVersion()).isEqualTo(1); // never touched
        }
    }

    @Test
    void withJobs_aWaveIsOneHubJob_andTheRollbackIsOneJobPerGroup_throughTheAzureBackend() throws Exception {
        // every device of the second wave fails: the rollout rolls both waves back, by jobs
        RolloutPlan plan = plan("gw-fw-2-jobs").strategy(dev.fleetops.rollout.model.Strategy.JOBS).build();
        java.util.Set<DeviceId> first = new java.util.HashSet<>();
        fleet(d -> !first.isEmpty() && !first.contains(d));
        env.clock.advance(Duration.ofMinutes(1));
        java.util.List<dev.fleetops.rollout.model.RolloutEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        RolloutManager manager = RolloutManager.builder(client).listener(e -> {
            events.add(e);
            if (e instanceof dev.fleetops.rollout.model.RolloutEvent.WaveStarted
                    && ((dev.fleetops.rollout.model.RolloutEvent.WaveStarted) e).wave() == 1) {
                for (int i = 0; i < FLEET; i++) { // the devices the first wave changed keep working
                    if (env.hub.twins().get(id(i)).desired().getString("firmware.version").orElse("").equals("2.0")) {
                        first.add(id(i));
                    }
                }
            }
        }).build();

        RolloutSnapshot end = manager.begin(plan).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(first).isNotEmpty();
        for (int i = 0; i < FLEET; i++) {
            Twin t = env.hub.twins().get(id(i));
            assertThat(t.desired().getString("firmware.version")).as(id(i).value()).contains("1.0");
            assertThat(t.desiredVersion()).as(id(i).value()).isEqualTo(3); // changed once, restored once
        }
        assertThat(events).filteredOn(e -> e instanceof dev.fleetops.rollout.model.RolloutEvent.JobScheduled)
                .extracting(e -> ((dev.fleetops.rollout.model.RolloutEvent.JobScheduled) e).purpose())
                .containsExactly("change", "change", "rollback");
        // no device was patched one by one: the hub's jobs did every write
        assertThat(env.emulator.exchanges()).filteredOn(e -> e.method().equals("PATCH")).isEmpty();
        assertThat(env.emulator.exchanges()).filteredOn(e -> e.method().equals("PUT")
                && e.path().startsWith("/jobs/v2/")).hasSize(3);
    }
}
