package dev.fleetops.testkit;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.PropertyMetadata;
import dev.fleetops.core.model.X509Thumbprint;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Twins: reads, merge patches, versions, ETags and limits, the same for every backend. */
public abstract class TwinCompatibilityKit extends CompatibilityKit {

    @Test
    void get_returnsEveryPart() {
        fleet(1);
        hub.state().reportProperties(id(0), PropertyTree.parse("{\"battery\":80}"));
        Twin t = backend().twins().get(id(0));
        assertThat(t.deviceId()).isEqualTo(id(0));
        assertThat(t.tags()).isEqualTo(PropertyTree.parse("{\"region\":\"eu\",\"n\":0}"));
        assertThat(t.reported()).isEqualTo(PropertyTree.parse("{\"fw\":\"1.0\",\"battery\":80}"));
        assertThat(t.reportedVersion()).isEqualTo(stored(id(0)).reportedVersion());
        assertThat(t.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(t.etag().isAny()).isFalse();
        assertThat(t.version()).isEqualTo(stored(id(0)).version());
    }

    @Test
    void get_carriesTheFieldsTheHubReturns() {
        fleet(1);
        Twin t = backend().twins().get(id(0));
        assertThat(t.statusUpdateTime()).isEqualTo(Device.NEVER);
        assertThat(t.cloudToDeviceMessageCount()).isZero();
        assertThat(t.x509Thumbprint()).isEqualTo(X509Thumbprint.NONE);
        assertThat(t.desiredMetadata().getString("$lastUpdated")).isPresent();
        assertThat(t.reportedMetadata("fw")).isPresent();
        assertThat(t.toTree().getString("lastActivityTime").orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
    }

    @Test
    void patch_stampsTheMetadataOfWhatItWrote_andOnlyThat() {
        fleet(1);
        Instant first = hub.clock().instant();
        Twin a = backend().twins().patch(id(0), TwinPatch.builder().desired("firmware.version", "2.0").build(),
                ETag.ANY);
        hub.clock().advance(Duration.ofMinutes(5));
        Twin b = backend().twins().patch(id(0), TwinPatch.builder().desired("mode", "eco").build(), ETag.ANY);

        PropertyMetadata fw = b.desiredMetadata("firmware.version").orElseThrow();
        assertThat(fw.lastUpdatedVersion()).isEqualTo(a.desiredVersion());
        assertThat(fw.lastUpdated()).isBetween(first.minusSeconds(1), first.plusSeconds(1));
        assertThat(b.desiredMetadata("mode").orElseThrow().lastUpdatedVersion()).isEqualTo(b.desiredVersion());
        assertThat(b.desiredMetadata("mode").orElseThrow().lastUpdated()).isAfter(fw.lastUpdated());
        assertThat(b.desiredMetadata("firmware").orElseThrow().lastUpdatedVersion()).isEqualTo(a.desiredVersion());

        // the same value written again is a write: its metadata moves to the new version
        Twin c = backend().twins().patch(id(0), TwinPatch.builder().desired("firmware.version", "2.0").build(),
                ETag.ANY);
        assertThat(c.desiredMetadata("firmware.version").orElseThrow().lastUpdatedVersion())
                .isEqualTo(c.desiredVersion()).isGreaterThan(a.desiredVersion());

        // a removed property loses its metadata
        Twin d = backend().twins().patch(id(0), TwinPatch.builder().removeDesired("mode").build(), ETag.ANY);
        assertThat(d.desiredMetadata("mode")).isEmpty();
        assertThat(d.desiredMetadata("firmware.version")).isPresent();
    }

    @Test
    void reportedMetadata_tellsWhenADeviceLastReportedAValue() {
        fleet(1);
        hub.clock().advance(Duration.ofHours(1));
        Instant reportedAt = hub.clock().instant();
        hub.state().reportProperties(id(0), PropertyTree.parse("{\"battery\":80}"));
        hub.clock().advance(Duration.ofHours(1));

        Twin t = backend().twins().get(id(0));
        assertThat(t.reportedMetadata("battery").orElseThrow().lastUpdated())
                .isBetween(reportedAt.minusSeconds(1), reportedAt.plusSeconds(1));
        assertThat(t.reportedMetadata("battery").orElseThrow().lastUpdatedVersion()).isEqualTo(t.reportedVersion());
        assertThat(t.reportedMetadata("fw").orElseThrow().lastUpdated()).isBefore(reportedAt);
    }

    @Test
    void get_unknownDevice_notFound() {
        assertThatThrownBy(() -> backend().twins().get(DeviceId.of("kit-nobody")))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void patch_mergesTagsAndDesired_andBumpsVersions() {
        fleet(1);
        Twin before = backend().twins().get(id(0));
        Twin after = backend().twins().patch(id(0), TwinPatch.builder()
                .tag("site", "plant-7")
                .desired("firmware.version", "2.0")
                .desired("firmware.url", "https://example.com/2.0.bin")
                .build(), ETag.ANY);
        assertThat(after.tags().getString("site")).contains("plant-7");
        assertThat(after.tags().getString("region")).contains("eu");
        assertThat(after.desired().getString("firmware.version")).contains("2.0");
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.desiredVersion()).isEqualTo(before.desiredVersion() + 1);
        assertThat(after.etag()).isNotEqualTo(before.etag());

        Twin removed = backend().twins().patch(id(0), TwinPatch.builder().removeDesired("firmware.url")
                .removeTag("site").build(), ETag.ANY);
        assertThat(removed.desired()).isEqualTo(PropertyTree.parse("{\"firmware\":{\"version\":\"2.0\"}}"));
        assertThat(removed.tags().contains("site")).isFalse();
        assertThat(stored(id(0)).desired()).isEqualTo(removed.desired());
    }

    @Test
    void patch_withCurrentEtag_applies_withStaleEtag_preconditionFailedAndNothingChanges() {
        fleet(1);
        Twin before = backend().twins().get(id(0));
        Twin after = backend().twins().patch(id(0), TwinPatch.builder().desired("mode", "eco").build(),
                before.etag());
        assertThat(after.desired().getString("mode")).contains("eco");
        assertThatThrownBy(() -> backend().twins().patch(id(0), TwinPatch.builder().desired("mode", "boost").build(),
                before.etag())).isInstanceOf(PreconditionFailedException.class);
        assertThat(stored(id(0)).desired().getString("mode")).contains("eco");
        assertThat(stored(id(0)).desiredVersion()).isEqualTo(after.desiredVersion());
    }

    @Test
    void patch_unknownDevice_notFound() {
        assertThatThrownBy(() -> backend().twins().patch(DeviceId.of("kit-nobody"),
                TwinPatch.builder().tag("a", 1).build(), ETag.ANY)).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void patch_pushingDesiredOver32Kb_badRequest_andNothingChanges() {
        fleet(1);
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            big.put("blob" + i, "x".repeat(4000));
        }
        backend().twins().patch(id(0), TwinPatch.ofDesired(PropertyTree.of(big)), ETag.ANY);
        long version = stored(id(0)).desiredVersion();
        assertThatThrownBy(() -> backend().twins().patch(id(0),
                TwinPatch.builder().desired("more", "y".repeat(4000)).desired("most", "z".repeat(4000)).build(),
                ETag.ANY))
                .isInstanceOf(BadRequestException.class);
        assertThat(stored(id(0)).desiredVersion()).isEqualTo(version);
    }
}
