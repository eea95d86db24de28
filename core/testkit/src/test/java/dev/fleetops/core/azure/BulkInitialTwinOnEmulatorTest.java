package dev.fleetops.core.azure;

import dev.fleetops.core.FleetClient;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.AuditSink;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.HubBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registering devices with their initial twin in IoT Hub's bulk registry call: 1,000 devices with tags and desired
 * properties cost 10 calls and one audit record, on the embedded hub and through the Azure adapter alike.
 */
class BulkInitialTwinOnEmulatorTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private static List<BulkOperation> fleet(int count) {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(BulkOperation.create(Device.of(DeviceId.of(String.format("sensor-%04d", i))),
                    TwinPatch.builder().tag("region", i % 2 == 0 ? "eu" : "us").tag("fleetops.bucket", i % 1000)
                            .desired("telemetry.interval", 60).build()));
        }
        return ops;
    }

    private void registersWithTwins(HubBackend backend) {
        List<AuditRecord> audit = new CopyOnWriteArrayList<>();
        FleetClient client = FleetClient.builder().hub(backend).clock(env.clock).auditSink((AuditSink) audit::add)
                .build();

        BulkResult result = client.devices().bulk(fleet(1000));

        assertThat(result.successful()).isTrue();
        assertThat(client.statistics().total().attempts()).isEqualTo(10);
        assertThat(client.statistics().total().calls()).isEqualTo(10);
        assertThat(audit).hasSize(1);
        Twin twin = client.twins().get(DeviceId.of("sensor-0007"));
        assertThat(twin.tags().getString("region")).contains("us");
        assertThat(twin.tags().getLong("fleetops.bucket")).contains(7L);
        assertThat(twin.desired().getLong("telemetry.interval")).contains(60L);
        assertThat(client.queries().streamRows("SELECT COUNT() AS n FROM devices WHERE tags.region = 'eu'")
                .findFirst().orElseThrow().getLong("n")).contains(500L);
    }

    @Test
    void bulkCreate_withInitialTwins_onTheEmbeddedHub() {
        registersWithTwins(env.hub);
    }

    @Test
    void bulkCreate_withInitialTwins_throughAzure_sendsTagsAndDesiredInTheImportItems() {
        registersWithTwins(env.azure);

        long posts = env.emulator.exchanges().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/devices")).count();
        assertThat(posts).isEqualTo(10);
        assertThat(env.emulator.exchanges().stream()
                .filter(e -> e.path().startsWith("/twins/") && !e.method().equals("GET"))).isEmpty();
    }

    @Test
    void initialTwin_onAnUpdate_isRefusedNamingTheDevice() {
        assertThatThrownBy(() -> new BulkOperation(BulkMode.UPDATE, Device.of(DeviceId.of("d1")),
                PropertyTree.empty().with("region", "eu"), PropertyTree.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d1'")
                .hasMessageContaining("only a create");
    }
}
