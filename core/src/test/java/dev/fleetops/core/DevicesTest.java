package dev.fleetops.core;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.spi.DeviceRegistry;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevicesTest {

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(audit)
            .retryPolicy(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.0)).build();

    private static List<BulkOperation> creates(int count) {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(BulkOperation.create(Device.of(DeviceId.of(String.format("dev-%04d", i)))));
        }
        return ops;
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException(503, "hub busy");
    }

    @Test
    void bulk_250Operations_sendsThreeCallsOfAtMost100() {
        BulkResult result = client.devices().bulk(creates(250));

        assertThat(result.successful()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(hub.bulkSizes()).containsExactly(100, 100, 50);
        assertThat(hub.hasDevice("dev-0249")).isTrue();
        CallStatistics registry = client.statistics().of(OperationClass.REGISTRY);
        assertThat(registry.calls()).isEqualTo(3);
        assertThat(registry.attempts()).isEqualTo(3);
    }

    @Test
    void bulk_errorsInSeveralCalls_areMergedInOrder() {
        hub.withDevice("dev-0005").withDevice("dev-0150").withDevice("dev-0249");

        BulkResult result = client.devices().bulk(creates(250));

        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(e -> e.deviceId().value())
                .containsExactly("dev-0005", "dev-0150", "dev-0249");
        assertThat(result.errors()).extracting(BulkItemError::errorCode).containsOnly("DeviceAlreadyExists");
        assertThat(hub.hasDevice("dev-0248")).isTrue();
    }

    @Test
    void bulk_callFailsAsAWhole_reportsItsDevicesAsUnknownAndTheRestAsNotAttempted() {
        hub.failCall("registry.bulk", 2, When.BEFORE, DevicesTest::busy);

        BulkResult result = client.devices().bulk(creates(250));

        assertThat(result.successful()).isFalse();
        assertThat(hub.bulkSizes()).containsExactly(100);
        assertThat(result.errors()).hasSize(150);
        assertThat(result.errors().subList(0, 100)).extracting(BulkItemError::errorCode)
                .containsOnly(Devices.OUTCOME_UNKNOWN);
        assertThat(result.errors().get(0).deviceId().value()).isEqualTo("dev-0100");
        assertThat(result.errors().get(0).errorStatus()).contains("ServiceUnavailableException");
        assertThat(result.errors().subList(100, 150)).extracting(BulkItemError::errorCode)
                .containsOnly(Devices.NOT_ATTEMPTED);
        assertThat(hub.calls("registry.bulk")).isEqualTo(2);
    }

    @Test
    void bulk_throttledCall_isRetried() {
        hub.failCall("registry.bulk", 2, When.BEFORE, () -> new ThrottledException("registry"));

        BulkResult result = client.devices().bulk(creates(250));

        assertThat(result.successful()).isTrue();
        assertThat(hub.calls("registry.bulk")).isEqualTo(4);
        assertThat(client.statistics().of(OperationClass.REGISTRY).throttled()).isEqualTo(1);
    }

    @Test
    void bulk_failsAfterApply_isNotRetriedBecauseItIsUnsafe() {
        hub.failCall("registry.bulk", 1, When.AFTER, DevicesTest::busy);

        BulkResult result = client.devices().bulk(creates(100));

        assertThat(hub.calls("registry.bulk")).isEqualTo(1);
        assertThat(result.errors()).hasSize(100).extracting(BulkItemError::errorCode)
                .containsOnly(Devices.OUTCOME_UNKNOWN);
        assertThat(hub.hasDevice("dev-0000")).isTrue();
    }

    @Test
    void bulk_sameDeviceTwice_throwsBeforeAnyCall() {
        List<BulkOperation> ops = new ArrayList<>(creates(150));
        ops.add(BulkOperation.delete(DeviceId.of("dev-0003")));

        assertThatThrownBy(() -> client.devices().bulk(ops)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev-0003").hasMessageContaining("positions 3 and 150");
        assertThat(hub.totalCalls()).isZero();
    }

    @Test
    void bulk_empty_succeedsWithoutCallingTheHub() {
        BulkResult result = client.devices().bulk(List.of());

        assertThat(result.successful()).isTrue();
        assertThat(hub.totalCalls()).isZero();
    }

    @Test
    void bulk_audit_oneRecordForTheWholeOperation() {
        hub.withDevice("dev-0005");

        client.devices().bulk(creates(250));

        assertThat(audit.records()).hasSize(1);
        AuditRecord r = audit.last();
        assertThat(r.action()).isEqualTo(Action.DEVICE_BULK);
        assertThat(r.target()).isEqualTo("devices[250]");
        assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(r.detail()).contains("create=250", "calls=3", "errors=1");
    }

    @Test
    void bulk_withTier_takesOnePacingPermitPerDevice() {
        FleetClient paced = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1))
                .auditSink(audit).build();
        Instant start = clock.instant();

        paced.devices().bulk(creates(250));

        // S1: 100 registry operations per minute, and a new client starts at the steady rate (one per 0.6 s, as if
        // the minute before had been used). The first call of 100 goes when that minute is over (59.4 s); each
        // later call goes when no minute would hold more than 100: the second a minute after the first, and the
        // third (50 devices) a minute after the second, since the second's 100 fill every window that holds it.
        Duration expected = Duration.ofMillis(59_400 + 60_000 + 60_000);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(expected);
        assertThat(paced.statistics().of(OperationClass.REGISTRY).pacingWait()).isEqualTo(expected);
        assertThat(hub.maxInWindow(OperationClass.REGISTRY, Duration.ofMinutes(1))).isEqualTo(100);
    }

    @Test
    void bulk_updatesWithTier_takeOnePermitEach_andTheReadsABackendChargesOnTop() {
        // A backend that must read each identity before updating it (as the Azure backend does to carry keys over)
        // charges those reads through the attempt; the client paces them like any registry operation.
        DeviceRegistry fake = hub.registry();
        DeviceRegistry reading = (DeviceRegistry) java.lang.reflect.Proxy.newProxyInstance(
                DeviceRegistry.class.getClassLoader(), new Class<?>[] {DeviceRegistry.class}, (proxy, m, args) -> {
                    if (m.getName().equals("bulk")) {
                        for (Object op : (java.util.List<?>) args[0]) {
                            dev.fleetops.core.spi.Attempts.charge(OperationClass.REGISTRY, 1); // one read each
                        }
                    }
                    try {
                        return m.invoke(fake, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FleetClient plain = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).auditSink(audit).build();
        plain.devices().bulk(creates(10));
        java.util.List<BulkOperation> updates = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            updates.add(new BulkOperation(dev.fleetops.core.model.BulkMode.UPDATE,
                    Device.of(DeviceId.of(String.format("dev-%04d", i)))));
        }
        Instant start = clock.instant();

        plain.devices().bulk(updates);

        // 10 permits after the 10 the creates took: the bucket refills at 100 per minute, 600 ms a permit
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(10 * 600));

        FleetClient readingClient = FleetClient.builder().hub(new DelegatingHub(hub) {
            @Override
            public DeviceRegistry registry() {
                return reading;
            }
        }).clock(clock).tier(HubTier.s1(1)).auditSink(audit).build();
        readingClient.devices().create(Device.of(DeviceId.of("extra"))); // takes the new client's one permit
        start = clock.instant();

        readingClient.devices().bulk(updates);

        // 10 for the updates and 10 for the reads the backend charged
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(20 * 600));
        assertThat(readingClient.statistics().of(OperationClass.REGISTRY).attempts()).isEqualTo(1 + 1 + 10);
    }

    @Test
    void create_failsWith5xx_isNotRetried() {
        hub.failNext("registry.create", When.AFTER, DevicesTest::busy);

        assertThatThrownBy(() -> client.devices().create(Device.of(DeviceId.of("d1"))))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.calls("registry.create")).isEqualTo(1);
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.FAILED);
        assertThat(audit.last().failure()).isEqualTo(ServiceUnavailableException.class.getName());
    }

    @Test
    void create_throttled_isRetried() {
        hub.failNext("registry.create", When.BEFORE, () -> new ThrottledException("registry"));

        Device created = client.devices().create(Device.of(DeviceId.of("d1")));

        assertThat(created.etag().isAny()).isFalse();
        assertThat(hub.calls("registry.create")).isEqualTo(2);
    }

    @Test
    void get_missing_throwsAndFindIsEmpty() {
        assertThatThrownBy(() -> client.devices().get(DeviceId.of("nope")))
                .isInstanceOf(DeviceNotFoundException.class);
        assertThat(client.devices().find(DeviceId.of("nope"))).isEmpty();
    }

    @Test
    void update_unconditionalFailsWith5xx_isRetried() {
        hub.withDevice("d1");
        hub.failNext("registry.update", When.AFTER, DevicesTest::busy);

        Device updated = client.devices().update(Device.builder(DeviceId.of("d1")).status(DeviceStatus.DISABLED)
                .build());

        assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(hub.calls("registry.update")).isEqualTo(2);
    }

    @Test
    void update_withStaleETag_throws412() {
        hub.withDevice("d1");

        assertThatThrownBy(() -> client.devices().update(Device.of(DeviceId.of("d1")), ETag.of("stale")))
                .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void delete_isIdempotent() {
        hub.withDevice("d1");

        assertThat(client.devices().delete(DeviceId.of("d1"))).isTrue();
        assertThat(client.devices().delete(DeviceId.of("d1"))).isFalse();
        assertThat(audit.last().detail()).isEqualTo("was absent");
    }

    @Test
    void delete_failsAfterApply_retriesAndReportsAbsent() {
        hub.withDevice("d1");
        hub.failNext("registry.delete", When.AFTER, () -> new TransportException("reset"));

        assertThat(client.devices().delete(DeviceId.of("d1"))).isFalse();
        assertThat(hub.hasDevice("d1")).isFalse();
        assertThat(hub.calls("registry.delete")).isEqualTo(2);
    }

    @Test
    void statistics_countsDevices() {
        hub.withDevices(3);

        assertThat(client.devices().statistics().totalDevices()).isEqualTo(3);
    }

    @Test
    void bulk_nullElement_namesItsIndexBeforeAnyCall() {
        List<BulkOperation> ops = creates(5);
        ops.set(3, null);

        assertThatThrownBy(() -> client.devices().bulk(ops))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulk operation at index 3 of 5 is null");
        assertThat(client.devices().find(DeviceId.of("dev-0000"))).isEmpty();
    }
}
