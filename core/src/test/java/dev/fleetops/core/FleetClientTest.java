package dev.fleetops.core;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.call.ClientStatistics;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.UnauthorizedException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetClientTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();
    private static final Operator ALICE = Operator.of("alice", Role.OPERATOR);
    private static final Operator RITA = Operator.of("rita", Role.READER);

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevice("d1");
    private final RecordingAuditSink audit = new RecordingAuditSink();

    private FleetClient.Builder builder() {
        return FleetClient.builder().hub(hub).clock(clock).auditSink(audit);
    }

    // ---- builder ----

    @Test
    void build_withoutHub_throwsIllegalState() {
        assertThatThrownBy(() -> FleetClient.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub(HubBackend)");
    }

    @Test
    void build_pacingShareWithoutTier_throwsIllegalState() {
        assertThatThrownBy(() -> FleetClient.builder().hub(hub).pacingShare(0.5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tier(HubTier)");
    }

    @Test
    void pacingShare_outOfRange_throwsIllegalArgument() {
        assertThatThrownBy(() -> FleetClient.builder().pacingShare(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetClient.builder().pacingShare(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetClient.builder().pacingShare(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderSetters_null_throwNullPointer() {
        FleetClient.Builder b = FleetClient.builder();
        assertThatThrownBy(() -> b.hub(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.tier(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.retryPolicy(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.authorizer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.auditSink(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.operator(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void build_onlyHub_usesTheDefaults() {
        FleetClient client = FleetClient.builder().hub(hub).build();

        assertThat(client.operator()).isEqualTo(Operator.system());
        assertThat(client.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(client.tier()).isEmpty();
        assertThat(client.clock()).isEqualTo(Clock.systemUTC());
        assertThat(client.statistics().total()).isEqualTo(CallStatistics.ZERO);
        assertThat(client.toString()).isEqualTo("FleetClient[hub=fake, operator=system]");
    }

    @Test
    void build_twice_givesIndependentClients() {
        FleetClient.Builder b = builder().tier(HubTier.s1(1));
        FleetClient first = b.build();
        FleetClient second = b.build();

        first.twins().get(D1);

        assertThat(first.statistics().total().calls()).isEqualTo(1);
        assertThat(second.statistics().total().calls()).isZero();
        assertThat(second.tier()).contains(HubTier.s1(1));
    }

    // ---- operator views ----

    @Test
    void as_otherOperator_actsAsItAndSharesStatistics() {
        FleetClient client = builder().build();
        FleetClient asAlice = client.as(ALICE);

        asAlice.twins().patch(D1, FW2);
        client.twins().get(D1);

        assertThat(asAlice.operator()).isEqualTo(ALICE);
        assertThat(client.operator()).isEqualTo(Operator.system());
        assertThat(audit.last().operator()).isEqualTo(ALICE);
        assertThat(client.statistics()).isEqualTo(asAlice.statistics());
        assertThat(client.statistics().total().calls()).isEqualTo(2);
        assertThat(asAlice.clock()).isSameAs(client.clock());
    }

    @Test
    void as_sameOperator_returnsTheSameClient() {
        FleetClient client = builder().operator(ALICE).build();

        assertThat(client.as(Operator.of("alice", Role.OPERATOR))).isSameAs(client);
    }

    @Test
    void builderOperator_isTheDefaultOperatorOfCalls() {
        FleetClient client = builder().operator(ALICE).build();

        client.twins().patch(D1, FW2);

        assertThat(audit.last().operator().name()).isEqualTo("alice");
    }

    // ---- authorization and audit ----

    @Test
    void deniedMutation_throwsNamingOperatorActionAndRoles_auditsAndSendsNothing() {
        FleetClient client = builder().authorizer(Authorizer.roleBased()).build();

        assertThatThrownBy(() -> client.as(RITA).twins().patch(D1, FW2))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'rita'").hasMessageContaining("twin.patch")
                .hasMessageContaining("device:d1")
                .hasMessageContaining("operator").hasMessageContaining("administrator");
        assertThat(hub.totalCalls()).isZero();
        AuditRecord r = audit.last();
        assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
        assertThat(r.operator()).isEqualTo(RITA);
        assertThat(r.action()).isEqualTo(Action.TWIN_PATCH);
        assertThat(r.target()).isEqualTo("device:d1");
        assertThat(client.statistics().total().calls()).isZero();
    }

    @Test
    void deniedRead_throwsAndIsAudited() {
        FleetClient client = builder().authorizer(Authorizer.roleBased()).build();

        assertThatThrownBy(() -> client.twins().get(D1)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'system'");
        assertThat(audit.records()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED));
        assertThat(hub.totalCalls()).isZero();
    }

    @Test
    void allowedRead_isNotAudited() {
        FleetClient client = builder().authorizer(Authorizer.roleBased()).build().as(RITA);

        client.twins().get(D1);
        client.devices().find(D1);
        client.queries().twins("SELECT * FROM devices", PageRequest.first());

        assertThat(audit.records()).isEmpty();
    }

    @Test
    void allowedMutation_isAuditedWithTimeFromTheClockAndACorrelationId() {
        FleetClient client = builder().authorizer(Authorizer.roleBased()).build().as(ALICE);
        clock.advance(Duration.ofHours(1));

        client.twins().patch(D1, FW2);

        AuditRecord r = audit.last();
        assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(r.action().id()).isEqualTo("twin.patch");
        assertThat(r.time()).isEqualTo(clock.instant());
        assertThat(r.failure()).isEmpty();
        assertThat(r.detail()).contains("desired={\"firmware\":{\"version\":\"2.0\"}}", "version=");
    }

    @Test
    void eachCall_getsItsOwnCorrelationId() {
        FleetClient client = builder().build();
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 5; i++) {
            client.twins().patch(D1, FW2);
            ids.add(audit.last().correlationId());
        }

        assertThat(ids).hasSize(5);
    }

    @Test
    void failedMutation_isAuditedAsFailedWithTheExceptionClass() {
        FleetClient client = builder().build();

        assertThatThrownBy(() -> client.devices().create(Device.of(D1)))
                .isInstanceOf(DeviceAlreadyExistsException.class);

        AuditRecord r = audit.last();
        assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.FAILED);
        assertThat(r.action()).isEqualTo(Action.DEVICE_CREATE);
        assertThat(r.failure()).isEqualTo(DeviceAlreadyExistsException.class.getName());
        assertThat(r.detail()).contains("DeviceAlreadyExistsException");
    }

    @Test
    void auditDetail_withASecret_isRedacted() {
        FleetClient client = builder().build();
        TwinPatch patch = TwinPatch.builder()
                .desired("firmware.url", "https://fw.blob.core.windows.net/fw.bin?sv=2022&sig=S3CRETSIGNATURE%3D")
                .build();

        client.twins().patch(D1, patch);

        assertThat(audit.last().detail()).doesNotContain("S3CRETSIGNATURE").contains("sig=***");
    }

    @Test
    void failureMessageWithASecret_isRedactedInTheAuditRecord() {
        FleetClient client = builder().build();
        hub.failNext("methods.invoke", When.BEFORE,
                () -> new UnauthorizedException("bad token SharedAccessSignature sr=h&sig=LEAKED&se=1"));

        assertThatThrownBy(() -> client.methods().invoke(D1, MethodInvocation.of("reboot", "null")))
                .isInstanceOf(UnauthorizedException.class);

        assertThat(audit.last().detail()).doesNotContain("LEAKED").contains("sig=***");
    }

    @Test
    void auditSinkThatThrows_doesNotChangeTheOutcome() {
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(r -> {
            throw new IllegalStateException("disk full");
        }).build();

        assertThat(client.twins().patch(D1, FW2).version()).isGreaterThan(1);
    }

    @Test
    void customAuthorizer_seesOperatorActionAndTarget() {
        FleetClient client = builder().authorizer((op, action, target) ->
                !(action == Action.TWIN_PATCH && target.equals("device:d1"))).build();

        assertThatThrownBy(() -> client.twins().patch(D1, FW2)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("no role is known to allow it");
        hub.withDevice("d2");
        client.twins().patch(DeviceId.of("d2"), FW2);
    }

    // ---- statistics ----

    @Test
    void statistics_mixedCalls_addUpPerClassAndInTotal() {
        FleetClient client = builder().retryPolicy(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.0)).build();
        hub.failNext("twins.get", When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));
        hub.failNext("registry.get", When.BEFORE, () -> new ThrottledException("registry"));

        client.twins().get(D1);
        client.devices().get(D1);
        client.twins().patch(D1, FW2);
        assertThatThrownBy(() -> client.devices().get(DeviceId.of("nope")))
                .isInstanceOf(DeviceNotFoundException.class);

        ClientStatistics s = client.statistics();
        assertThat(s.of(OperationClass.TWIN_READ)).isEqualTo(
                new CallStatistics(1, 2, 1, 0, 0, Duration.ZERO, Duration.ofMillis(200), 1, Duration.ofMillis(200),
                        Duration.ofMillis(200)));
        assertThat(s.of(OperationClass.REGISTRY)).isEqualTo(
                new CallStatistics(2, 3, 1, 1, 1, Duration.ZERO, Duration.ofMillis(200), 2, Duration.ofMillis(200),
                        Duration.ofMillis(200)));
        assertThat(s.of(OperationClass.TWIN_UPDATE)).isEqualTo(
                new CallStatistics(1, 1, 0, 0, 0, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO));
        assertThat(s.of(OperationClass.QUERY)).isEqualTo(CallStatistics.ZERO);
        assertThat(s.total()).isEqualTo(new CallStatistics(4, 6, 2, 1, 1, Duration.ZERO, Duration.ofMillis(400), 4,
                Duration.ofMillis(400), Duration.ofMillis(200)));
        assertThat(s.total().attempts()).isEqualTo(hub.totalCalls());
    }

    @Test
    void statistics_snapshotIsImmutable() {
        ClientStatistics s = builder().build().statistics();

        assertThatThrownBy(() -> s.byOperation().put(OperationClass.QUERY, CallStatistics.ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
