package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.model.DryRunReport;
import dev.fleetops.rollout.model.GateTrip;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.OfflinePolicy;
import dev.fleetops.rollout.model.Pacing;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Strategy;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Dry runs: the plan on a copy of the fleet or a synthetic one, nothing sent to a device. */
class DryRunTest {

    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5), Duration.ofHours(1));

    private static Twin twin(int i, boolean online) {
        DeviceId id = DeviceId.of(String.format("th-%04d", i));
        return Twin.builder(id)
                .tags(PropertyTree.builder().put("model", "th-100").put(RolloutBucket.TAG, RolloutBucket.of(id))
                        .build())
                .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                .connectionState(online ? ConnectionState.CONNECTED : ConnectionState.DISCONNECTED).build();
    }

    private static RolloutPlan.Builder plan() {
        return RolloutPlan.builder(RolloutId.of("fw-dry")).target("tags.model = 'th-100'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(5, Duration.ofMinutes(30)))
                .wave(WaveSpec.percent(30, Duration.ofMinutes(30)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2).gates(Gates.strict().withMinimumSample(5)).pacing(new Pacing(100, 0.5));
    }

    @Test
    void aCleanSyntheticFleet_passesEveryWave_withItsSizesCallsAndEta() throws Exception {
        DryRunReport r = DryRun.builder(plan().build()).syntheticFleet(1000, i -> twin(i, true)).trials(2000)
                .build().run();

        assertThat(r.simulatedEnd()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(r.waveSizes()).containsExactly(50L, 250L, 700L);
        assertThat(r.callsByClass()).containsEntry("TWIN_UPDATE", 1000L).containsEntry("TWIN_READ", 1000L);
        // two bakes of 30 minutes, and devices that take 2 minutes and soak 5: over an hour, well under a day
        assertThat(r.eta()).isGreaterThan(Duration.ofHours(1)).isLessThan(Duration.ofDays(1));
        assertThat(r.gateTrips()).allSatisfy(t -> assertThat(t.trips()).isZero());
        assertThat(r.describe()).contains("wave 0: 50 devices").contains("ETA");
    }

    @Test
    void anAssumedFailureRate_givesEachWavesTripProbability_withAnIntervalHoldingTheExactValue() throws Exception {
        // a budget of 0: wave 0 (50 devices) trips unless all pass: 1 - 0.98^50 = 0.636
        DryRunReport r = DryRun.builder(plan().build()).syntheticFleet(1000, i -> twin(i, true)).failureRate(0.02)
                .trials(10_000).build().run();

        GateTrip first = r.gateTrips().get(0);
        double exact = 1 - Math.pow(0.98, 50);
        assertThat(first.probability()).isCloseTo(exact, within(0.02));
        assertThat(first.low()).isLessThan(exact);
        assertThat(first.high()).isGreaterThan(exact);
        // the rest trip only when the waves before passed: 0.98^50 * (1 - 0.98^250)
        assertThat(r.gateTrips().get(1).probability()).isCloseTo(Math.pow(0.98, 50) * (1 - Math.pow(0.98, 250)),
                within(0.02));
        assertThat(r.tripProbability()).isGreaterThan(0.99);
        assertThat(r.simulatedEnd()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(r.eta()).isPositive(); // from a clean simulation of the whole plan
    }

    @Test
    void aSnapshotOfTheRealFleet_isReadThroughTheClient_andNothingIsWrittenToIt() throws Exception {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub real = EmbeddedHub.builder().clock(clock).build();
        for (int i = 0; i < 200; i++) {
            real.load(twin(i, i != 7 && i != 8));
        }
        real.load(Twin.builder(DeviceId.of("other")).tags(PropertyTree.builder().put("model", "gw-10").build())
                .build());
        clock.advance(Duration.ofMinutes(1));
        FleetClient client = FleetClient.builder().hub(real).clock(clock).build();

        DryRunReport r = DryRun.builder(plan().offline(OfflinePolicy.SKIP).build()).fleetFrom(client).trials(100)
                .build().run();

        assertThat(r.targetDevices()).isEqualTo(200);
        assertThat(r.excluded()).containsEntry("offline when its wave reached it", 2L);
        assertThat(r.simulatedEnd()).isEqualTo(RolloutState.SUCCEEDED);
        for (int i = 0; i < 200; i++) {
            Twin t = real.twins().get(DeviceId.of(String.format("th-%04d", i)));
            assertThat(t.desired().getString("firmware.version")).contains("1.0");
            assertThat(t.desiredVersion()).isEqualTo(1);
        }
    }

    @Test
    void withJobs_theCallsAreJobsAndQueries_notPerDevicePatches() throws Exception {
        DryRunReport r = DryRun.builder(plan().strategy(Strategy.JOBS).build()).syntheticFleet(2000,
                i -> twin(i, true)).trials(100).build().run();

        assertThat(r.simulatedEnd()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(r.callsByClass()).containsKey("JOBS").doesNotContainKey("TWIN_UPDATE");
        assertThat(r.waveSizes().stream().mapToLong(Long::longValue).sum()).isEqualTo(2000);
    }
}
