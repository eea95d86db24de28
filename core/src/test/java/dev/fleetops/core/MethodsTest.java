package dev.fleetops.core;

import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodsTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final MethodInvocation REBOOT = MethodInvocation.of("reboot", "{\"delay\":5}");

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevice("d1");
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(audit).build();

    @Test
    void invoke_deviceTimesOut_isNotRetried() {
        hub.failNext("methods.invoke", When.AFTER, () -> new ServiceUnavailableException(504, "device timeout"));

        assertThatThrownBy(() -> client.methods().invoke(D1, REBOOT)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.calls("methods.invoke")).isEqualTo(1);
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.FAILED);
    }

    @Test
    void invoke_throttled_isRetried() {
        hub.failNext("methods.invoke", When.BEFORE, () -> new ThrottledException("methods"));

        MethodResult result = client.methods().invoke(D1, REBOOT);

        assertThat(result.status()).isEqualTo(200);
        assertThat(hub.calls("methods.invoke")).isEqualTo(2);
        assertThat(audit.last().detail()).contains("method=reboot", "status=200");
    }

    @Test
    void invoke_largePayload_takesOnePacingPermitPer4KB() {
        FleetClient paced = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).build();
        String payload = "\"" + "x".repeat(4096 * 10 - 2) + "\"";
        Instant start = clock.instant();

        paced.methods().invoke(D1, MethodInvocation.of("upload", payload));
        paced.methods().invoke(D1, MethodInvocation.of("upload", payload));

        // S1: 40 units of 4 KB per second; a new bucket holds one, so 10 + 10 units need 19 refilled = 475 ms.
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(475));
        assertThat(paced.statistics().of(OperationClass.DIRECT_METHOD).calls()).isEqualTo(2);
    }
}
