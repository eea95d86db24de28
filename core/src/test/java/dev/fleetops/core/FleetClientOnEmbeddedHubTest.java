package dev.fleetops.core;

import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.Fault;
import dev.fleetops.core.embedded.FaultRule;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FleetClient against a quota-limited embedded hub: throttles are paced away or absorbed, never surfaced. */
class FleetClientOnEmbeddedHubTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();

    private List<DeviceId> register(FleetClient client, int n) {
        List<BulkOperation> ops = new ArrayList<>();
        List<DeviceId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DeviceId id = DeviceId.of("dev-" + i);
            ids.add(id);
            ops.add(BulkOperation.create(Device.of(id)));
        }
        assertThat(client.devices().bulk(ops).successful()).isTrue();
        return ids;
    }

    @Test
    void unpacedClient_pastTheQuota_absorbsEvery429() {
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();
        List<DeviceId> ids = register(client, 250);
        for (int round = 0; round < 2; round++) {
            for (DeviceId id : ids) {
                client.twins().patch(id, TwinPatch.builder().desired("firmware.version", "2." + round).build());
            }
        }
        long hubThrottled = hub.statistics().totalThrottled();
        assertThat(hubThrottled).isPositive();
        assertThat(client.statistics().total().throttled()).isEqualTo(hubThrottled);
        assertThat(client.statistics().total().failures()).isZero();
        long throttledBeforeReads = hubThrottled;
        for (DeviceId id : ids) {
            Twin t = client.twins().get(id);
            assertThat(t.desired().getString("firmware.version")).contains("2.1");
            assertThat(t.desiredVersion()).isEqualTo(3);
        }
        // the reads past the twin-read quota were absorbed as well
        assertThat(client.statistics().total().throttled()).isEqualTo(hub.statistics().totalThrottled());
        assertThat(client.statistics().total().failures()).isZero();
        assertThat(hub.statistics().totalThrottled()).isGreaterThanOrEqualTo(throttledBeforeReads);
    }

    @Test
    void pacedClient_atTheTier_neverMeetsA429() {
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).build();
        Instant start = clock.instant();
        List<DeviceId> ids = register(client, 250);
        for (DeviceId id : ids) {
            client.twins().patch(id, TwinPatch.builder().tag("wave", 1).build());
        }
        assertThat(hub.statistics().totalThrottled()).isZero();
        assertThat(client.statistics().total().throttled()).isZero();
        assertThat(client.statistics().of(OperationClass.TWIN_UPDATE).calls()).isEqualTo(250);
        assertThat(client.statistics().total().pacingWait()).isPositive();
        // 250 identities at 100 per minute take at least two and a half minutes of hub time.
        assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(140));
    }

    @Test
    void faultyHub_patchesApplyExactlyOnce() {
        EmbeddedHub faulty = EmbeddedHub.builder().clock(clock).seed(3).build();
        FleetClient client = FleetClient.builder().hub(faulty).clock(clock).build();
        List<DeviceId> ids = register(client, 100);
        faulty.faults()
                .add(FaultRule.sometimes(0.07, Fault.throttle(), OperationClass.TWIN_UPDATE))
                .add(FaultRule.sometimes(0.07, Fault.serverError(503), OperationClass.TWIN_UPDATE))
                .add(FaultRule.sometimes(0.07, Fault.resetAfterApply(), OperationClass.TWIN_UPDATE));
        for (DeviceId id : ids) {
            client.twins().patch(id, TwinPatch.builder().desired("mode", "eco").build());
        }
        assertThat(faulty.faults().injectedCount()).isPositive();
        for (DeviceId id : ids) {
            Twin t = faulty.twins().get(id);
            assertThat(t.desiredVersion()).as("desired $version of %s", id).isEqualTo(2);
            assertThat(t.desired().getString("mode")).contains("eco");
        }
        assertThat(client.statistics().total().retries()).isPositive();
    }
}
