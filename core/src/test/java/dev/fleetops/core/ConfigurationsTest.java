package dev.fleetops.core;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.Configuration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationsTest {

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(audit).build();

    private static Configuration fw2() {
        return Configuration.builder("fw-2").targetCondition("tags.ring = 'canary'").priority(10)
                .content("properties.desired.firmware.version", "2.0").build();
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException(500, "internal error");
    }

    @Test
    void create_failsWith5xx_isNotRetried() {
        hub.failNext("configurations.create", When.AFTER, ConfigurationsTest::busy);

        assertThatThrownBy(() -> client.configurations().create(fw2()))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.calls("configurations.create")).isEqualTo(1);
    }

    @Test
    void update_unconditionalFailsWith5xx_isRetried_andAudited() {
        Configuration created = client.configurations().create(fw2());
        hub.failNext("configurations.update", When.AFTER, ConfigurationsTest::busy);

        Configuration updated = client.configurations().update(created.toBuilder().priority(20).build());

        assertThat(updated.priority()).isEqualTo(20);
        assertThat(hub.calls("configurations.update")).isEqualTo(2);
        assertThat(audit.last().action().id()).isEqualTo("configuration.update");
        assertThat(audit.last().target()).isEqualTo("configuration:fw-2");
        assertThat(audit.last().detail()).contains("priority=20");
    }

    @Test
    void update_withETag_appliedButAnswerLost_succeedsWithTheConfigurationReadBack() {
        Configuration created = client.configurations().create(fw2());
        hub.failNext("configurations.update", When.AFTER, ConfigurationsTest::busy);

        // The first attempt was applied and changed the ETag, so the guarded repeat is refused with 412; the
        // client reads the configuration back, finds its change there, and reports success.
        Configuration updated = client.configurations().update(created.toBuilder().priority(5).build(),
                created.etag());

        assertThat(updated.priority()).isEqualTo(5);
        assertThat(hub.calls("configurations.update")).isEqualTo(2);
        assertThat(audit.last().outcome()).isEqualTo(dev.fleetops.core.call.AuditRecord.Outcome.SUCCEEDED);
    }

    @Test
    void getFindDeleteList_roundTrip() {
        client.configurations().create(fw2());

        assertThat(client.configurations().get("fw-2").etag().isAny()).isFalse();
        assertThat(client.configurations().find("nope")).isEmpty();
        assertThatThrownBy(() -> client.configurations().get("nope"))
                .isInstanceOf(ConfigurationNotFoundException.class);
        assertThat(client.configurations().list()).hasSize(1);
        assertThat(client.configurations().delete("fw-2")).isTrue();
        assertThat(client.configurations().delete("fw-2")).isFalse();
        assertThat(client.configurations().list()).isEmpty();
    }

    @Test
    void list_topOutOfRange_throws() {
        assertThatThrownBy(() -> client.configurations().list(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.configurations().list(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_operatorRole_isDeniedButDeveloperMay() {
        FleetClient roles = FleetClient.builder().hub(hub).clock(clock).auditSink(audit)
                .authorizer(Authorizer.roleBased()).build();

        assertThatThrownBy(() -> roles.as(Operator.of("olga", Role.OPERATOR)).configurations().create(fw2()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("developer");
        roles.as(Operator.of("dev", Role.DEVELOPER)).configurations().create(fw2());

        assertThat(audit.records()).extracting(AuditRecord::outcome)
                .containsExactly(AuditRecord.Outcome.DENIED, AuditRecord.Outcome.SUCCEEDED);
    }
}
