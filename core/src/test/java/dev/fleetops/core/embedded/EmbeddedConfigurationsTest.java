package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedConfigurationsTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final FleetSimulator sim = FleetSimulator.attach(hub);

    private Twin twin(String id) {
        return hub.twins().get(DeviceId.of(id));
    }

    @Test
    void create_appliesContent_withPriorityPerPath() {
        sim.addDevice(DeviceId.of("d1"), PropertyTree.empty(), PropertyTree.empty());
        hub.configurations().create(Configuration.builder("low").priority(1)
                .content("properties.desired.telemetry", Map.of("interval", 60))
                .content("properties.desired.logging.level", "info").build());
        hub.configurations().create(Configuration.builder("high").priority(10)
                .content("properties.desired.telemetry", Map.of("interval", 5)).build());
        sim.advance(Duration.ZERO);
        Twin t = twin("d1");
        assertThat(t.desired().getLong("telemetry.interval")).contains(5L);
        assertThat(t.desired().getString("logging.level")).contains("info");
        assertThat(t.configurations()).containsEntry("high", ConfigurationStatus.APPLIED)
                .containsEntry("low", ConfigurationStatus.APPLIED);
        Configuration high = hub.configurations().get("high");
        assertThat(high.systemMetrics()).containsEntry("targetedCount", 1L).containsEntry("appliedCount", 1L);
    }

    @Test
    void tie_latestCreatedWins_andLoserIsTargeted() {
        sim.addDevice(DeviceId.of("d1"), PropertyTree.empty(), PropertyTree.empty());
        hub.configurations().create(Configuration.builder("first").priority(5)
                .content("properties.desired.mode", "a").build());
        clock.advance(Duration.ofSeconds(1));
        hub.configurations().create(Configuration.builder("second").priority(5)
                .content("properties.desired.mode", "b").build());
        sim.advance(Duration.ZERO);
        assertThat(twin("d1").desired().getString("mode")).contains("b");
        assertThat(twin("d1").configurations()).containsEntry("first", ConfigurationStatus.TARGETED);
    }

    @Test
    void appliedOnce_manualChangeIsNotReverted_newDeviceGetsItNextPass() {
        sim.addDevice(DeviceId.of("d1"), PropertyTree.empty(), PropertyTree.empty());
        hub.configurations().create(Configuration.builder("cfg").content("properties.desired.mode", "eco").build());
        sim.advance(Duration.ZERO);
        hub.twins().patch(DeviceId.of("d1"), TwinPatch.builder().desired("mode", "boost").build(), ETag.ANY);
        sim.addDevice(DeviceId.of("d2"), PropertyTree.empty(), PropertyTree.empty());
        sim.advance(Duration.ofMinutes(4));
        assertThat(twin("d2").desired().get("mode")).isEmpty();
        sim.advance(Duration.ofMinutes(1));
        assertThat(twin("d1").desired().getString("mode")).contains("boost");
        assertThat(twin("d2").desired().getString("mode")).contains("eco");
    }

    @Test
    void crud_etagsConflictsAndImmutableContent() {
        Configuration created = hub.configurations().create(Configuration.builder("cfg")
                .content("properties.desired.mode", "eco").label("owner", "ops").build());
        assertThatThrownBy(() -> hub.configurations().create(created)).isInstanceOf(ConflictException.class);
        Configuration updated = hub.configurations().update(created.toBuilder().priority(3).build(),
                created.etag());
        assertThat(updated.priority()).isEqualTo(3);
        assertThatThrownBy(() -> hub.configurations().update(created, created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> hub.configurations().update(updated.toBuilder()
                .content("properties.desired.mode", "boost").build(), ETag.ANY))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("content cannot change");
        assertThat(hub.configurations().list(10)).extracting(Configuration::id).containsExactly("cfg");
        assertThat(hub.configurations().delete("cfg", ETag.ANY)).isTrue();
        assertThat(hub.configurations().delete("cfg", ETag.ANY)).isFalse();
        assertThatThrownBy(() -> hub.configurations().get("cfg")).isInstanceOf(ConfigurationNotFoundException.class);
    }

    @Test
    void builder_rejectsBadIdAndPaths() {
        assertThatThrownBy(() -> Configuration.builder("Upper").build()).hasMessageContaining("'U' at position 1");
        assertThatThrownBy(() -> Configuration.builder("ok").content("tags.x", 1).build())
                .hasMessageContaining("must start with 'properties.desired.'");
        Configuration.Builder b = Configuration.builder("many");
        for (int i = 0; i < 6; i++) {
            b.metric("m" + i, "SELECT deviceId FROM devices");
        }
        assertThatThrownBy(b::build).hasMessageContaining("6 custom metrics; IoT Hub allows at most 5");
    }
}
