package dev.fleetops.core.azure;

import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.testkit.emulator.EmulatorFault;
import dev.fleetops.testkit.emulator.EmulatorFaultRule;
import dev.fleetops.testkit.emulator.IotHubEmulator;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.testkit.emulator.TestTls;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of twin patches through FleetClient, the Azure backend, the SDK and the emulator while a fifth of the calls
 * fail: throttled (with and without Retry-After), server busy, connections reset before the hub processed the call,
 * and reset after it did, where a blind retry would apply a patch twice. Every patch must land exactly once.
 */
class FaultsWithoutLossTest {

    private static final int DEVICES = 5000;

    /** Roughly a fifth of all calls fail, each rule drawn on its own (first one that fires wins). */
    private static void failAFifth(IotHubEmulator emulator) {
        emulator.faults()
                .add(EmulatorFaultRule.of(EmulatorFault.throttle()).onPathMatching("*", ".*").withProbability(0.05))
                .add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(2))).onPathMatching("*", ".*")
                        .withProbability(0.03))
                .add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).onPathMatching("*", ".*").withProbability(0.04))
                .add(EmulatorFaultRule.of(EmulatorFault.resetBeforeProcessing()).onPathMatching("*", ".*")
                        .withProbability(0.04))
                .add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).onPathMatching("*", ".*")
                        .withProbability(0.05));
    }

    private static List<DeviceId> load(EmbeddedHub hub, int n) {
        List<DeviceId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DeviceId id = DeviceId.of(String.format("dev-%05d", i));
            hub.load(Twin.builder(id).desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .desiredVersion(7).build());
            ids.add(id);
        }
        return ids;
    }

    @Test
    void fifthOfCallsFailing_everyPatchAppliedExactlyOnce_andFailuresCounted() throws Exception {
        try (EmulatedAzureHub env = new EmulatedAzureHub()) {
            List<DeviceId> ids = load(env.hub, DEVICES);
            failAFifth(env.emulator);
            FleetClient client = FleetClient.builder().hub(env.azure).clock(env.clock).build();
            TwinPatch patch = TwinPatch.builder().desired("firmware.version", "2.0").build();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int slice = t;
                    work.add(pool.submit(() -> {
                        for (int i = slice; i < ids.size(); i += 4) {
                            client.twins().patch(ids.get(i), patch);
                        }
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            for (DeviceId id : ids) {
                Twin t = env.hub.twins().get(id);
                assertThat(t.desired().getString("firmware.version")).as("%s", id).contains("2.0");
                assertThat(t.desiredVersion()).as("desired $version of %s", id).isEqualTo(8);
            }
            long fired = env.emulator.faults().firedCount();
            CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
            CallStatistics total = client.statistics().total();
            assertThat(fired).as("faults fired").isGreaterThan(DEVICES / 7);
            assertThat(updates.calls()).isEqualTo(DEVICES);
            assertThat(updates.failures()).isZero();
            assertThat(total.throttled()).as("429s received").isPositive();
            assertThat(total.retries()).as("retries").isPositive();
            // every fault either was retried or was an applied patch found by its re-read
            assertThat(total.retries() + client.statistics().of(OperationClass.TWIN_READ).calls())
                    .isGreaterThanOrEqualTo(fired);
            SpecConformance.assertConforms(env.emulator.exchanges());
        }
    }

    @Test
    void pacedAtTheEmulatedTier_noThrottleAtTheHub_andNoneReachesTheCaller() throws Exception {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        List<DeviceId> ids = load(hub, 600);
        TestTls.install();
        try (IotHubEmulator emulator = IotHubEmulator.start(hub);
             AzureIotHub azure = AzureIotHub.builder().connectionString(EmulatedAzureHub.CONNECTION_STRING)
                     .endpoint(emulator.hostName()).build()) {
            // Resets after apply only on the patches: the JDK's HTTP client re-sends a GET whose pooled connection
            // was reset, by itself and unseen, so a reset read reaches the hub twice but the client paces it once.
            // Against the hub's exact per-window judge that hidden request would be a throttle the client could not
            // have prevented; a real hub does not reset connections after answering.
            emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).onPathMatching("*", ".*")
                    .withProbability(0.05)).add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply())
                    .onPathMatching("POST", ".*").withProbability(0.05));
            FleetClient client = FleetClient.builder().hub(azure).clock(clock).tier(HubTier.s1(1)).build();
            TwinPatch patch = TwinPatch.builder().desired("firmware.version", "2.0").build();
            for (DeviceId id : ids) {
                client.twins().patch(id, patch);
            }
            assertThat(hub.statistics().totalThrottled()).isZero();
            assertThat(client.statistics().total().throttled()).isZero();
            assertThat(client.statistics().total().failures()).isZero();
            assertThat(client.statistics().total().pacingWait()).isPositive();
            assertThat(emulator.faults().firedCount()).isPositive();
            for (DeviceId id : ids) {
                assertThat(client.twins().get(id).desiredVersion()).as("desired $version of %s", id).isEqualTo(8);
            }
            assertThat(hub.statistics().totalThrottled()).isZero();
        } finally {
            TestTls.uninstall();
        }
    }
}
