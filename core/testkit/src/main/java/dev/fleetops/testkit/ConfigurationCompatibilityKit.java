package dev.fleetops.testkit;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Automatic device management configurations, the same for every backend. */
public abstract class ConfigurationCompatibilityKit extends CompatibilityKit {

    private Configuration telemetry(String id, int priority, int interval, String target) {
        return Configuration.builder(id).priority(priority).targetCondition(target)
                .content("properties.desired.telemetry", PropertyTree.parse("{\"interval\":" + interval + "}"))
                .label("owner", "kit")
                .metric("onFw2", "SELECT deviceId FROM devices WHERE configurations.[[" + id + "]].status = 'Applied'"
                        + " AND properties.reported.fw = '2.0'")
                .build();
    }

    @Test
    void create_appliesByPriorityPerPath_andReportsMetrics() {
        fleet(6);
        backend().configurations().create(telemetry("kit-low", 1, 60, "*"));
        backend().configurations().create(telemetry("kit-high", 10, 5, "tags.region = 'eu'"));
        hub.simulator().advance(Duration.ZERO);
        Twin eu = backend().twins().get(id(3));
        Twin us = backend().twins().get(id(1));
        assertThat(eu.desired().getLong("telemetry.interval")).contains(5L);
        assertThat(us.desired().getLong("telemetry.interval")).contains(60L);
        assertThat(eu.configurations()).containsEntry("kit-high", ConfigurationStatus.APPLIED)
                .containsEntry("kit-low", ConfigurationStatus.TARGETED);
        Configuration high = backend().configurations().get("kit-high");
        assertThat(high.systemMetrics()).containsEntry("targetedCount", 2L).containsEntry("appliedCount", 2L);
        assertThat(high.metricResults()).containsEntry("onFw2", 1L);
        assertThat(high.labels()).containsEntry("owner", "kit");
        Configuration low = backend().configurations().get("kit-low");
        assertThat(low.systemMetrics()).containsEntry("targetedCount", 6L).containsEntry("appliedCount", 4L);
    }

    @Test
    void create_existingId_conflicts_invalidTarget_refused() {
        backend().configurations().create(telemetry("kit-a", 1, 60, "*"));
        assertThatThrownBy(() -> backend().configurations().create(telemetry("kit-a", 1, 60, "*")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> backend().configurations().create(telemetry("kit-b", 1, 60, "tags.x == 1")))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void update_honoursEtag_andKeepsContentImmutable() {
        Configuration created = backend().configurations().create(telemetry("kit-a", 1, 60, "*"));
        assertThat(created.etag().isAny()).isFalse();
        Configuration updated = backend().configurations().update(created.toBuilder().priority(7).build(),
                created.etag());
        assertThat(updated.priority()).isEqualTo(7);
        assertThat(backend().configurations().get("kit-a").priority()).isEqualTo(7);
        assertThatThrownBy(() -> backend().configurations().update(created.toBuilder().priority(9).build(),
                created.etag())).isInstanceOf(PreconditionFailedException.class);
        Configuration changedContent = updated.toBuilder()
                .content("properties.desired.telemetry", PropertyTree.parse("{\"interval\":1}")).build();
        assertThatThrownBy(() -> backend().configurations().update(changedContent, ETag.ANY))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void delete_isIdempotent_andListShowsWhatIsLeft() {
        backend().configurations().create(telemetry("kit-a", 1, 60, "*"));
        backend().configurations().create(telemetry("kit-b", 2, 30, "*"));
        assertThat(backend().configurations().list(10)).extracting(Configuration::id)
                .containsExactlyInAnyOrder("kit-a", "kit-b");
        assertThat(backend().configurations().delete("kit-a", ETag.ANY)).isTrue();
        assertThat(backend().configurations().delete("kit-a", ETag.ANY)).isFalse();
        assertThat(backend().configurations().list(10)).extracting(Configuration::id).containsExactly("kit-b");
        assertThatThrownBy(() -> backend().configurations().get("kit-a"))
                .isInstanceOf(ConfigurationNotFoundException.class);
    }
}
