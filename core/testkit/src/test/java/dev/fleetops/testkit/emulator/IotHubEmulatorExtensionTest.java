package dev.fleetops.testkit.emulator;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.azure.AzureIotHub;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension gives each test a running emulator, trusted, and undoes it all afterwards. */
@ExtendWith(IotHubEmulatorExtension.class)
class IotHubEmulatorExtensionTest {

    @AfterAll
    static void trustIsUndone() {
        assertThat(TestTls.isInstalled()).isFalse();
    }

    @Test
    void parameters_areTheRunningEmulatorItsHubAndAConnectedBackend(AzureIotHub azure, EmbeddedHub hub,
                                                                   IotHubEmulator emulator, VirtualClock clock) {
        assertThat(TestTls.isInstalled()).isTrue();
        assertThat(emulator.hub()).isSameAs(hub);
        assertThat(clock.instant()).isEqualTo(IotHubEmulatorExtension.START);

        FleetClient client = FleetClient.builder().hub(azure).clock(clock).build();
        client.devices().create(Device.of(DeviceId.of("d1")));
        client.twins().patch(DeviceId.of("d1"), TwinPatch.builder().tag("region", "eu").build());

        assertThat(hub.twins().get(DeviceId.of("d1")).tags().getString("region")).contains("eu");
        assertThat(emulator.exchanges()).isNotEmpty();
    }

    @Test
    void eachTest_getsAFreshHub(EmbeddedHub hub) {
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }
}
