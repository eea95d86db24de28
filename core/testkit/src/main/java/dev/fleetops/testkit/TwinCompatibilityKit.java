package dev.fleetops.testkit;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

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
