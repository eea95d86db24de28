package dev.fleetops.core.azure;

import dev.fleetops.core.FleetClient;
import dev.fleetops.testkit.emulator.EmulatorFault;
import dev.fleetops.testkit.emulator.EmulatorFaultRule;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** FleetClient's call policy over {@link AzureIotHub}: the adapter classifies, FleetClient retries. */
class FleetClientOnAzureTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    // The client keeps the hub's time, as a client and IoT Hub both synchronised to UTC do: whether a lost patch was
    // applied is read from the twin's $metadata times against the call's own start (CallPolicy.CLOCK_TOLERANCE).
    private final FleetClient client = FleetClient.builder().hub(env.azure).clock(env.clock).build();

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    @Test
    void throttledTwinRead_isRetriedAfterTheHubsRetryAfter() {
        client.devices().create(Device.of(DeviceId.of("d1")));
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(1)))
                .on("GET", "/twins/{id}").times(1));
        java.time.Instant start = env.clock.instant();

        Twin twin = client.twins().get(DeviceId.of("d1"));

        assertThat(twin.deviceId().value()).isEqualTo("d1");
        // waited on the client's clock (virtual here): the hub's Retry-After, no less
        assertThat(Duration.between(start, env.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(client.statistics().of(OperationClass.TWIN_READ).throttled()).isEqualTo(1);
        assertThat(client.statistics().of(OperationClass.TWIN_READ).retries()).isEqualTo(1);
    }

    @Test
    void unconditionalPatch_lostAnswer_appliesExactlyOnce() {
        client.devices().create(Device.of(DeviceId.of("d1")));
        long before = client.twins().get(DeviceId.of("d1")).desiredVersion();
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply())
                .on("PATCH", "/twins/{id}").times(1));

        Twin after = client.twins().patch(DeviceId.of("d1"), TwinPatch.builder().desired("fw", "2.0").build());

        assertThat(after.desired().getString("fw")).contains("2.0");
        assertThat(client.twins().get(DeviceId.of("d1")).desiredVersion()).isEqualTo(before + 1);
    }

    @Test
    void serverBusyOnAnIdempotentRead_isRetried() {
        client.devices().create(Device.of(DeviceId.of("d1")));
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).on("GET", "/devices/{id}")
                .times(1));

        assertThat(client.devices().get(DeviceId.of("d1")).id().value()).isEqualTo("d1");
        assertThat(client.statistics().of(OperationClass.REGISTRY).retries()).isEqualTo(1);
    }
}
