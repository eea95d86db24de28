package dev.fleetops.core.embedded;

import dev.fleetops.core.BadRequestException;
import dev.fleetops.core.DeviceAlreadyExistsException;
import dev.fleetops.core.DeviceNotFoundException;
import dev.fleetops.core.PreconditionFailedException;
import dev.fleetops.core.ServiceUnavailableException;
import dev.fleetops.core.ThrottledException;
import dev.fleetops.core.TransportException;
import dev.fleetops.core.VirtualClock;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRegistryTwinTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final DeviceId d1 = DeviceId.of("d1");

    @Test
    void create_thenGet_returnsDeviceWithEtag() {
        Device created = hub.registry().create(Device.builder(d1).statusReason("new").build());
        assertThat(created.etag()).isNotEmpty();
        assertThat(hub.registry().get(d1)).isEqualTo(created);
        assertThat(hub.twins().get(d1).version()).isEqualTo(1);
    }

    @Test
    void create_twice_conflicts() {
        hub.registry().create(Device.of(d1));
        assertThatThrownBy(() -> hub.registry().create(Device.of(d1)))
                .isInstanceOf(DeviceAlreadyExistsException.class)
                .hasMessageContaining("'d1'");
    }

    @Test
    void create_overMaxDevices_quotaExceeded() {
        EmbeddedHub small = EmbeddedHub.builder().maxDevices(1).build();
        small.registry().create(Device.of(d1));
        assertThatThrownBy(() -> small.registry().create(Device.of(DeviceId.of("d2"))))
                .isInstanceOf(dev.fleetops.core.QuotaExceededException.class);
    }

    @Test
    void get_missing_notFound() {
        assertThatThrownBy(() -> hub.registry().get(d1)).isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> hub.twins().get(d1)).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void update_withStaleEtag_preconditionFailed() {
        Device created = hub.registry().create(Device.of(d1));
        Device disabled = hub.registry().update(created.toBuilder().status(DeviceStatus.DISABLED).build(),
                Optional.of(created.etag()));
        assertThat(disabled.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(disabled.etag()).isNotEqualTo(created.etag());
        assertThatThrownBy(() -> hub.registry().update(created, Optional.of(created.etag())))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.twins().get(d1).status()).isEqualTo(DeviceStatus.DISABLED);
    }

    @Test
    void delete_isIdempotent() {
        hub.registry().create(Device.of(d1));
        assertThat(hub.registry().delete(d1, Optional.empty())).isTrue();
        assertThat(hub.registry().delete(d1, Optional.empty())).isFalse();
    }

    @Test
    void bulk_mixedOutcome_reportsPerDevice() {
        hub.registry().create(Device.of(d1));
        BulkResult result = hub.registry().bulk(List.of(
                BulkOperation.create(Device.of(d1)),
                BulkOperation.create(Device.of(DeviceId.of("d2"))),
                BulkOperation.delete(DeviceId.of("ghost"))));
        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(e -> e.deviceId().value() + ":" + e.errorCode())
                .containsExactly("d1:DeviceAlreadyExists", "ghost:DeviceNotFound");
        assertThat(hub.registry().get(DeviceId.of("d2"))).isNotNull();
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(2);
    }

    @Test
    void bulk_limitsAndDuplicates_rejectedBeforeAnyChange() {
        List<BulkOperation> ops = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> ops.add(BulkOperation.create(Device.of(DeviceId.of("x" + i)))));
        assertThatThrownBy(() -> hub.registry().bulk(ops)).hasMessageContaining("1 to 100 devices, not 101");
        assertThatThrownBy(() -> hub.registry().bulk(List.of(BulkOperation.create(Device.of(d1)),
                BulkOperation.delete(d1)))).hasMessageContaining("operation 2 names device 'd1' a second time");
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }

    @Test
    void patch_mergesAndBumpsVersions() {
        hub.registry().create(Device.of(d1));
        Twin t1 = hub.twins().patch(d1, TwinPatch.builder().tag("region", "eu").desired("fw.version", "1.0")
                .desired("fw.url", "u1").build(), Optional.empty());
        assertThat(t1.version()).isEqualTo(2);
        assertThat(t1.desiredVersion()).isEqualTo(2);
        Twin t2 = hub.twins().patch(d1, TwinPatch.builder().removeDesired("fw.url").build(), Optional.empty());
        assertThat(t2.desired()).isEqualTo(PropertyTree.parse("{\"fw\":{\"version\":\"1.0\"}}"));
        assertThat(t2.etag()).isNotEqualTo(t1.etag());
        Twin t3 = hub.twins().patch(d1, TwinPatch.builder().tag("site", "s7").build(), Optional.empty());
        assertThat(t3.desiredVersion()).isEqualTo(t2.desiredVersion());
        assertThat(t3.version()).isEqualTo(4);
    }

    @Test
    void patch_withStaleEtag_preconditionFailed_andNothingChanges() {
        hub.registry().create(Device.of(d1));
        Twin before = hub.twins().get(d1);
        hub.twins().patch(d1, TwinPatch.builder().tag("a", 1).build(), Optional.of(before.etag()));
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("a", 2).build(),
                Optional.of(before.etag()))).isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.twins().get(d1).tags().getLong("a")).contains(1L);
        hub.twins().patch(d1, TwinPatch.builder().tag("a", 3).build(), Optional.of("*"));
        assertThat(hub.twins().get(d1).tags().getLong("a")).contains(3L);
    }

    @Test
    void patch_growingPastSizeLimit_badRequestNamingLimit() {
        hub.registry().create(Device.of(d1));
        for (int i = 0; i < 2; i++) {
            hub.twins().patch(d1, TwinPatch.builder().tag("t" + i, "x".repeat(4000)).build(), Optional.empty());
        }
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("t3", "x".repeat(500)).build(),
                Optional.empty()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tags is")
                .hasMessageContaining("8192");
    }

    @Test
    void reportProperties_bumpsReportedVersion_andActivity() {
        hub.registry().create(Device.of(d1));
        clock.advance(Duration.ofMinutes(3));
        Twin t = hub.reportProperties(d1, PropertyTree.parse("{\"fw\":{\"version\":\"1.0\"}}"));
        assertThat(t.reportedVersion()).isEqualTo(2);
        assertThat(t.lastActivityTime()).isEqualTo(clock.instant());
    }

    @Test
    void tierQuota_exceeded_answers429_andCountsIt() {
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        s1.registry().create(Device.of(d1));
        int ok = 0;
        ThrottledException throttled = null;
        for (int i = 0; i < 60; i++) {
            try {
                s1.twins().patch(d1, TwinPatch.builder().tag("n", i).build(), Optional.empty());
                ok++;
            } catch (ThrottledException e) {
                throttled = e;
            }
        }
        assertThat(ok).isEqualTo(50);
        assertThat(throttled).isNotNull();
        assertThat(throttled.getMessage()).contains("S1 x1 quota of 50 TWIN_UPDATE per 1 s");
        assertThat(s1.statistics().throttled(OperationClass.TWIN_UPDATE)).isEqualTo(10);
        clock.advance(Duration.ofMillis(100));
        s1.twins().patch(d1, TwinPatch.builder().tag("n", -1).build(), Optional.empty());
    }

    @Test
    void faults_injectedBeforeAndAfterApply() {
        hub.registry().create(Device.of(d1));
        hub.faults().add(FaultRule.always(Fault.serverError(503), OperationClass.TWIN_READ).times(1));
        assertThatThrownBy(() -> hub.twins().get(d1)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.twins().get(d1)).isNotNull();

        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("x", 1).build(), Optional.empty()))
                .isInstanceOf(TransportException.class);
        assertThat(hub.twins().get(d1).tags().getLong("x")).contains(1L);

        hub.faults().add(FaultRule.always(Fault.latency(Duration.ofSeconds(2))).times(1));
        var before = clock.instant();
        hub.twins().get(d1);
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofSeconds(2));
        assertThat(hub.faults().injectedCount()).isEqualTo(3);
    }

    @Test
    void faults_probability_isSeededAndRoughlyRight() {
        hub.registry().create(Device.of(d1));
        hub.faults().add(FaultRule.sometimes(0.2, Fault.throttle(), OperationClass.TWIN_READ));
        int failures = 0;
        for (int i = 0; i < 2000; i++) {
            try {
                hub.twins().get(d1);
            } catch (ThrottledException e) {
                failures++;
            }
        }
        assertThat(failures).isBetween(330, 470);
    }
}
