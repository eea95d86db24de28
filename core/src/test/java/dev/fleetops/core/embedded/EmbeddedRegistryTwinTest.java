package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only the embedded hub has (device limit, tier quotas, fault injection, device-side writes); the SPI behaviour
 * itself is covered by the compatibility kits.
 */
class EmbeddedRegistryTwinTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final DeviceId d1 = DeviceId.of("d1");

    @Test
    void create_overMaxDevices_quotaExceeded() {
        EmbeddedHub small = EmbeddedHub.builder().maxDevices(1).build();
        small.registry().create(Device.of(d1));
        assertThatThrownBy(() -> small.registry().create(Device.of(DeviceId.of("d2"))))
                .isInstanceOf(dev.fleetops.core.error.QuotaExceededException.class);
    }

    @Test
    void patch_withStaleEtag_preconditionFailed_andNothingChanges() {
        hub.registry().create(Device.of(d1));
        Twin before = hub.twins().get(d1);
        hub.twins().patch(d1, TwinPatch.builder().tag("a", 1).build(), before.etag());
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("a", 2).build(),
                before.etag())).isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.twins().get(d1).tags().getLong("a")).contains(1L);
        hub.twins().patch(d1, TwinPatch.builder().tag("a", 3).build(), ETag.ANY);
        assertThat(hub.twins().get(d1).tags().getLong("a")).contains(3L);
    }

    @Test
    void patch_growingPastSizeLimit_badRequestNamingLimit() {
        hub.registry().create(Device.of(d1));
        for (int i = 0; i < 2; i++) {
            hub.twins().patch(d1, TwinPatch.builder().tag("t" + i, "x".repeat(4000)).build(), ETag.ANY);
        }
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("t3", "x".repeat(500)).build(),
                ETag.ANY))
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
                s1.twins().patch(d1, TwinPatch.builder().tag("n", i).build(), ETag.ANY);
                ok++;
            } catch (ThrottledException e) {
                throttled = e;
            }
        }
        assertThat(ok).isEqualTo(50);
        assertThat(throttled).isNotNull();
        assertThat(throttled.getMessage()).contains("S1 x1 quota of 50 TWIN_UPDATE per 1 s");
        assertThat(s1.statistics().throttled(OperationClass.TWIN_UPDATE)).isEqualTo(10);
        // The judge counts over every one-second window: the 50 accepted now keep the window full for a second,
        // and the 429 says so.
        assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> s1.twins().patch(d1, TwinPatch.builder().tag("n", -1).build(), ETag.ANY))
                .isInstanceOf(ThrottledException.class);
        clock.advance(Duration.ofMillis(1));
        s1.twins().patch(d1, TwinPatch.builder().tag("n", -1).build(), ETag.ANY);
    }

    @Test
    void faults_injectedBeforeAndAfterApply() {
        hub.registry().create(Device.of(d1));
        hub.faults().add(FaultRule.always(Fault.serverError(503), OperationClass.TWIN_READ).times(1));
        assertThatThrownBy(() -> hub.twins().get(d1)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.twins().get(d1)).isNotNull();

        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));
        assertThatThrownBy(() -> hub.twins().patch(d1, TwinPatch.builder().tag("x", 1).build(), ETag.ANY))
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
