package consumer;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a project that depends on fleetops-core gets: the Jackson FleetOps is tested with, and a working client. */
class ResolvedVersionsTest {

    private static final String TESTED = System.getProperty("fleetops.tested.jackson");

    @Test
    void jackson_isTheVersionFleetOpsIsTestedWith() {
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        assertEquals(TESTED, databind, "jackson-databind on the consumer's class path");
        assertEquals(TESTED, core, "jackson-core on the consumer's class path");
        String jsr310 = com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString();
        assertEquals(TESTED, jsr310, "jackson-datatype-jsr310 on the consumer's class path");
    }

    @Test
    void client_worksOnTheEmbeddedHub() {
        FleetClient client = FleetClient.builder().hub(EmbeddedHub.builder().build()).build();
        client.devices().create(Device.of(DeviceId.of("consumer-1")));
        assertTrue(client.devices().find(DeviceId.of("consumer-1")).isPresent());
    }
}
