package dev.fleetops.example.enrollment;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A component outside core's packages, built on the public seam, gets everything core's own calls get: its actions
 * authorized and audited with the caller's context, its operation class paced to its own quota, its idempotent calls
 * retried, and all of it told to the call listener.
 */
class EnrollmentServiceTest {

    private static final Role PROVISIONER = Role.of("provisioner");

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final FakeDps dps = new FakeDps();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock)
            .authorizer(Authorizer.roleBased().grant(PROVISIONER, "enrollment.*", "twin.*"))
            .auditSink(audit::add)
            .callListener(CallListener.of(events::add))
            .operator(Operator.of("provisioning-service", PROVISIONER))
            .build();

    @Test
    void remoteCall_isAuthorizedAuditedWithTheContextRetriedAndHeard() {
        dps.enroll("sensor-1").busyFor(1);
        FleetClient request = client.with(AuditContext.of("req-42").with("batch", "b-7"));

        assertThat(new EnrollmentService(request, dps).delete("sensor-1")).isTrue();

        assertThat(dps.requests.get()).isEqualTo(2); // the 503 was retried: the call is idempotent
        AuditRecord r = audit.get(audit.size() - 1);
        assertThat(r.action()).isEqualTo(EnrollmentService.ENROLLMENT_DELETE);
        assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(r.target()).isEqualTo("enrollment:sensor-1");
        assertThat(r.correlationId()).isEqualTo("req-42");
        assertThat(r.attributes()).containsEntry("batch", "b-7");
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("AttemptStarted", "Retrying", "AttemptStarted", "CallEnded");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.call().operationClass()).isEqualTo(EnrollmentService.DPS);
            assertThat(e.call().context().correlationId()).isEqualTo("req-42");
        });
        assertThat(client.statistics().of(EnrollmentService.DPS).retries()).isEqualTo(1);
    }

    @Test
    void remoteCall_withoutTheGrant_isDeniedAuditedAndNeverSent() {
        FleetClient reader = client.as(Operator.of("rita", Role.READER));

        assertThat(new EnrollmentService(reader, dps).exists("sensor-1")).isFalse(); // *.read covers it
        assertThatThrownBy(() -> new EnrollmentService(reader, dps).delete("sensor-1"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("enrollment.delete")
                .hasMessageContaining("provisioner");

        assertThat(dps.requests.get()).isEqualTo(1);
        assertThat(audit.get(audit.size() - 1).outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
    }

    @Test
    void operationClass_isPacedToItsOwnQuota_withoutAHubTier() {
        EnrollmentService service = new EnrollmentService(client, dps);
        Instant start = clock.instant();

        for (int i = 0; i < 1001; i++) {
            service.exists("sensor-" + i);
        }

        // 1,000 per minute: a new client starts at the steady rate, one every 60 ms.
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(1000 * 60));
        assertThat(client.statistics().of(EnrollmentService.DPS).pacingWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(events).filteredOn(e -> e instanceof CallEvent.PacingWaited).hasSize(1000);
    }

    @Test
    void operation_spanningARemoteCallAndAHubCall_sharesOneCorrelationId() {
        hub.registry().create(Device.of(DeviceId.of("sensor-9")));
        dps.enroll("sensor-9");

        new EnrollmentService(client.with(AuditContext.of("ticket-1234")), dps).retire("sensor-9");

        assertThat(audit).extracting(r -> r.action().id() + " " + r.correlationId())
                .containsExactly("enrollment.delete ticket-1234", "twin.patch ticket-1234",
                        "enrollment.retire ticket-1234");
        assertThat(hub.twins().get(DeviceId.of("sensor-9")).tags().getString("lifecycle")).contains("retired");
    }
}
