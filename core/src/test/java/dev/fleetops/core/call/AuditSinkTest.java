package dev.fleetops.core.call;

import dev.fleetops.core.FakeHub;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSinkTest {

    /** Runs {@code action} and returns what slf4j-simple (the test binding) wrote to standard error meanwhile. */
    private static String capturingStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void slf4j_defaultSink_writesOneKeyValueLineToTheAuditLogger() {
        VirtualClock clock = VirtualClock.create();
        FleetClient client = FleetClient.builder().hub(new FakeHub(clock).withDevice("d1")).clock(clock)
                .operator(Operator.of("alice")).build();
        TwinPatch patch = TwinPatch.builder().desired("fw.url", "https://x/fw.bin?sv=1&sig=TOPSECRET").build();

        String out = capturingStandardError(() -> client.twins().patch(DeviceId.of("d1"), patch));

        assertThat(out.lines().filter(l -> l.contains("dev.fleetops.audit"))).singleElement()
                .satisfies(line -> assertThat(line).contains("operator=alice", "action=twin.patch",
                        "target=device:d1", "outcome=SUCCEEDED", "correlationId=", "time=2026-01-01T00:00:00Z"));
        assertThat(out).doesNotContain("TOPSECRET");
    }
}
