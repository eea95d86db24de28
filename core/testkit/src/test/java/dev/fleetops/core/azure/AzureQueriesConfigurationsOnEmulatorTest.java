package dev.fleetops.core.azure;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.testkit.emulator.SpecConformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries and configurations of {@link AzureIotHub}, through the real SDK against the emulator. */
class AzureQueriesConfigurationsOnEmulatorTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final AzureIotHub hub = env.azure;

    @BeforeEach
    void fleet() {
        for (int i = 0; i < 7; i++) {
            env.simulator.addDevice(DeviceId.of(String.format("dev-%02d", i)),
                    PropertyTree.builder().put("region", i % 2 == 0 ? "eu" : "us").build(),
                    PropertyTree.builder().put("fw", i < 3 ? "1.0" : "2.0").build());
        }
    }

    @AfterEach
    void close() {
        try {
            // every request the adapter sent (through the SDK or its own REST calls) and every answer
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    @Test
    void queryTwins_pagesThroughEveryMatchOnce() {
        List<String> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(2);
        int pages = 0;
        while (true) {
            QueryPage<Twin> p = hub.queries().queryTwins("SELECT * FROM devices WHERE tags.region = 'eu'", page);
            pages++;
            p.items().forEach(t -> seen.add(t.deviceId().value()));
            assertThat(p.items()).hasSizeLessThanOrEqualTo(2);
            if (!p.hasMore()) {
                break;
            }
            page = page.next(p.continuationToken().get());
        }
        assertThat(seen).containsExactly("dev-00", "dev-02", "dev-04", "dev-06");
        assertThat(pages).isEqualTo(2);
        assertThat(env.emulator.exchanges()).hasSize(2)
                .allSatisfy(e -> assertThat(e.requestHeader("x-ms-max-item-count")).contains("2"));
    }

    @Test
    void queryTwins_twinsEqualTheHubsOwn() {
        QueryPage<Twin> p = hub.queries().queryTwins("SELECT * FROM devices WHERE deviceId = 'dev-03'",
                PageRequest.first());

        assertThat(p.items()).containsExactly(env.hub.twins().get(DeviceId.of("dev-03")));
        assertThat(p.hasMore()).isFalse();
    }

    @Test
    void queryTwins_emptyResult_isAnEmptyLastPage() {
        QueryPage<Twin> p = hub.queries().queryTwins("SELECT * FROM devices WHERE tags.region = 'mars'",
                PageRequest.first());

        assertThat(p.items()).isEmpty();
        assertThat(p.hasMore()).isFalse();
    }

    @Test
    void queryRaw_aggregateWithGroupBy_returnsTheHubsRows() {
        QueryPage<PropertyTree> p = hub.queries().queryRaw(
                "SELECT properties.reported.fw AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw",
                PageRequest.first());

        assertThat(p.items()).extracting(r -> r.getString("fw").orElse("?") + "=" + r.getLong("n").orElse(-1L))
                .containsExactlyInAnyOrder("1.0=3", "2.0=4");
    }

    @Test
    void queryRaw_projection_usesTheHubsNames() {
        QueryPage<PropertyTree> p = hub.queries().queryRaw("SELECT DeviceId FROM devices WHERE deviceId = 'dev-01'",
                PageRequest.first());

        assertThat(p.items()).containsExactly(PropertyTree.builder().put("deviceId", "dev-01").build());
    }

    @Test
    void invalidQueries_failBeforeAnyCall() {
        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT * FORM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT deviceId FROM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("queryRaw");
        assertThatThrownBy(() -> hub.queries().queryRaw("SELECT * FROM devices WHERE STARTSWITH(deviceId, 'a')",
                PageRequest.first())).isInstanceOf(InvalidQueryException.class);
        assertThat(env.emulator.exchanges()).isEmpty();
    }

    @Test
    void queryTwins_foreignContinuationToken_isABadRequest() {
        QueryPage<Twin> p = hub.queries().queryTwins("SELECT * FROM devices", PageRequest.first(2));

        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT * FROM devices WHERE tags.region = 'us'",
                PageRequest.first(2).next(p.continuationToken().get())))
                .isInstanceOf(BadRequestException.class);
    }

    private static Configuration firmware(String id, int priority) {
        return Configuration.builder(id)
                .targetCondition("tags.region = 'eu'")
                .priority(priority)
                .label("purpose", "fw")
                .content("properties.desired.firmware", PropertyTree.builder().put("version", "3.0").build())
                .metric("onNew", "SELECT deviceId FROM devices WHERE properties.reported.fw = '2.0'")
                .build();
    }

    @Test
    void configuration_createGetListDelete() {
        Configuration created = hub.configurations().create(firmware("fw-3", 10));

        assertThat(created.etag().isAny()).isFalse();
        Configuration read = hub.configurations().get("fw-3");
        assertThat(read.targetCondition()).isEqualTo("tags.region = 'eu'");
        assertThat(read.priority()).isEqualTo(10);
        assertThat(read.labels()).containsEntry("purpose", "fw");
        assertThat(read.deviceContent()).isEqualTo(firmware("fw-3", 10).deviceContent());
        assertThat(read.metricQueries()).containsKey("onNew");
        assertThat(hub.configurations().list(10)).extracting(Configuration::id).containsExactly("fw-3");
        assertThat(hub.configurations().delete("fw-3", ETag.ANY)).isTrue();
        assertThat(hub.configurations().delete("fw-3", ETag.ANY)).isFalse();
        assertThatThrownBy(() -> hub.configurations().get("fw-3")).isInstanceOf(ConfigurationNotFoundException.class);
    }

    @Test
    void configuration_metricsAndTwinStatus_afterAPass() {
        hub.configurations().create(firmware("fw-3", 10));
        env.hub.runDueWork();

        Configuration read = hub.configurations().get("fw-3");

        assertThat(read.systemMetrics()).containsEntry("targetedCount", 4L).containsEntry("appliedCount", 4L);
        assertThat(read.metricResults()).containsEntry("onNew", 4L);
        Twin twin = hub.twins().get(DeviceId.of("dev-00"));
        assertThat(twin.configurations()).containsEntry("fw-3", ConfigurationStatus.APPLIED);
        assertThat(twin.desired().getString("firmware.version")).contains("3.0");
        QueryPage<Twin> q = hub.queries().queryTwins("SELECT * FROM devices WHERE deviceId = 'dev-00'",
                PageRequest.first());
        assertThat(q.items().get(0).configurations()).containsEntry("fw-3", ConfigurationStatus.APPLIED);
    }

    @Test
    void configuration_updateGuardedByEtag() {
        Configuration created = hub.configurations().create(firmware("fw-3", 10));

        Configuration updated = hub.configurations().update(created.toBuilder().priority(20).build(),
                created.etag());

        assertThat(updated.priority()).isEqualTo(20);
        assertThat(updated.etag()).isNotEqualTo(created.etag());
        assertThatThrownBy(() -> hub.configurations().update(created.toBuilder().priority(30).build(),
                created.etag())).isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.configurations().get("fw-3").priority()).isEqualTo(20);
        Configuration unconditional = hub.configurations().update(created.toBuilder().priority(40).build(),
                ETag.ANY);
        assertThat(unconditional.priority()).isEqualTo(40);
    }

    @Test
    void configuration_deleteGuardedByEtag() {
        Configuration created = hub.configurations().create(firmware("fw-3", 10));
        Configuration updated = hub.configurations().update(created.toBuilder().priority(20).build(),
                ETag.ANY);

        assertThatThrownBy(() -> hub.configurations().delete("fw-3", created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.configurations().delete("fw-3", updated.etag())).isTrue();
    }

    @Test
    void configuration_createExisting_isAConflict() {
        hub.configurations().create(firmware("fw-3", 10));

        assertThatThrownBy(() -> hub.configurations().create(firmware("fw-3", 10)))
                .isInstanceOf(dev.fleetops.core.error.ConflictException.class);
    }

    @Test
    void configuration_invalidCondition_failsBeforeAnyCall() {
        Configuration bad = firmware("fw-3", 1).toBuilder().targetCondition("tags.region = ").build();

        assertThatThrownBy(() -> hub.configurations().create(bad)).isInstanceOf(InvalidQueryException.class);
        assertThat(env.emulator.exchanges()).isEmpty();
    }

    @Test
    void configuration_idWithReservedCharacters_roundTrips() {
        Configuration c = hub.configurations().create(firmware("fw#3?%", 1));

        assertThat(hub.configurations().get("fw#3?%").id()).isEqualTo("fw#3?%");
        assertThat(hub.configurations().delete("fw#3?%", c.etag())).isTrue();
    }
}
