package dev.fleetops.testkit;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries: paging, TOP, aggregates, projections and errors, the same for every backend. */
public abstract class QueryCompatibilityKit extends CompatibilityKit {

    private List<String> allTwinIds(String query, int pageSize) {
        List<String> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(pageSize);
        for (int guard = 0; guard < 1000; guard++) {
            QueryPage<Twin> p = backend().queries().queryTwins(query, page);
            p.items().forEach(t -> ids.add(t.deviceId().value()));
            if (!p.hasMore()) {
                return ids;
            }
            page = page.next(p.continuationToken().get());
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void queryTwins_pagesThroughEveryMatch_onceEach() {
        fleet(25);
        List<String> eu = allTwinIds("SELECT * FROM devices WHERE tags.region = 'eu'", 4);
        assertThat(eu).containsExactlyInAnyOrder("d000", "d003", "d006", "d009", "d012", "d015", "d018", "d021",
                "d024");
        assertThat(allTwinIds("SELECT * FROM devices", 7)).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void queryTwins_returnsWholeTwins() {
        fleet(3);
        backend().twins().patch(id(1), TwinPatch.builder().desired("mode", "eco").build(), ETag.ANY);
        Twin t = backend().queries().queryTwins("SELECT * FROM devices WHERE deviceId = 'd001'",
                PageRequest.first()).items().get(0);
        assertThat(t.tags().getLong("n")).contains(1L);
        assertThat(t.desired().getString("mode")).contains("eco");
        assertThat(t.reported().getString("fw")).contains("2.0");
        assertThat(t.desiredVersion()).isEqualTo(stored(id(1)).desiredVersion());
        assertThat(t.etag()).isEqualTo(stored(id(1)).etag());
    }

    @Test
    void metadataAndHubTimes_areQueryable() {
        fleet(3);
        hub.clock().advance(java.time.Duration.ofHours(2));
        String before = dev.fleetops.core.model.HubTime.format(hub.clock().instant());
        hub.clock().advance(java.time.Duration.ofMinutes(1));
        hub.state().reportProperties(id(2), PropertyTree.parse("{\"fw\":\"3.0\"}"));

        assertThat(allTwinIds("SELECT * FROM devices WHERE properties.reported.$metadata.fw.$lastUpdated > '"
                + before + "'", 10)).containsExactly("d002");
        assertThat(allTwinIds("SELECT * FROM devices WHERE lastActivityTime > '" + before + "'", 10))
                .containsExactly("d002");
        assertThat(allTwinIds("SELECT * FROM devices WHERE statusUpdateTime = '0001-01-01T00:00:00Z'"
                + " AND cloudToDeviceMessageCount = 0", 10)).hasSize(3);
    }

    @Test
    void top_limitsTheWholeResult() {
        fleet(10);
        assertThat(allTwinIds("SELECT TOP 5 * FROM devices WHERE tags.n >= 2", 2)).hasSize(5);
    }

    @Test
    void emptyResult_isOneEmptyPage() {
        fleet(3);
        QueryPage<Twin> p = backend().queries().queryTwins("SELECT * FROM devices WHERE tags.region = 'mars'",
                PageRequest.first());
        assertThat(p.items()).isEmpty();
        assertThat(p.hasMore()).isFalse();
    }

    @Test
    void groupBy_countsPerValue() {
        fleet(9);
        List<PropertyTree> rows = backend().queries().queryRaw("SELECT properties.reported.fw AS fw, COUNT() AS n"
                + " FROM devices GROUP BY properties.reported.fw", PageRequest.first()).items();
        assertThat(rows).extracting(r -> r.getString("fw").orElse("?") + "=" + r.getLong("n").orElse(-1L))
                .containsExactlyInAnyOrder("1.0=5", "2.0=4");
    }

    @Test
    void aggregates_withWhere() {
        fleet(9);
        PropertyTree row = backend().queries().queryRaw("SELECT COUNT() AS devices, SUM(tags.n) AS total,"
                + " MAX(tags.n) AS highest FROM devices WHERE tags.region = 'us'", PageRequest.first()).items().get(0);
        assertThat(row.getLong("devices")).contains(6L);
        assertThat(row.getLong("total")).contains(1L + 2 + 4 + 5 + 7 + 8);
        assertThat(row.getLong("highest")).contains(8L);
    }

    @Test
    void projections_comeBackUnderTheHubsNames() {
        fleet(3);
        List<PropertyTree> rows = backend().queries().queryRaw("SELECT DeviceId, tags.region FROM devices"
                + " WHERE tags.n = 2", PageRequest.first()).items();
        assertThat(rows).containsExactly(PropertyTree.parse("{\"deviceId\":\"d002\",\"region\":\"us\"}"));
    }

    @Test
    void drift_comparesTwoPrimitiveAttributes() {
        fleet(4);
        backend().twins().patch(id(0), TwinPatch.builder().desired("fw", "1.0").build(), ETag.ANY);
        backend().twins().patch(id(1), TwinPatch.builder().desired("fw", "3.0").build(), ETag.ANY);
        List<String> drifting = allTwinIds("SELECT * FROM devices WHERE properties.desired.fw !="
                + " properties.reported.fw", 10);
        assertThat(drifting).containsExactly("d001");
    }

    @Test
    void invalidText_isRefusedWithItsPosition() {
        assertThatThrownBy(() -> backend().queries().queryTwins("SELECT * FORM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> assertThat(((InvalidQueryException) e).column()).isEqualTo(10));
        assertThatThrownBy(() -> backend().queries().queryRaw("SELECT * FROM devices WHERE"
                + " STARTS_WITH(deviceId, 'd')", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("routing");
    }

    @Test
    void queryTwins_projection_refused() {
        assertThatThrownBy(() -> backend().queries().queryTwins("SELECT deviceId FROM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void continuationToken_ofAnotherQuery_badRequest() {
        fleet(10);
        String token = backend().queries().queryTwins("SELECT * FROM devices", PageRequest.first(3))
                .continuationToken().orElseThrow();
        assertThatThrownBy(() -> backend().queries().queryTwins("SELECT * FROM devices WHERE tags.n > 1",
                PageRequest.first(3).next(token))).isInstanceOf(BadRequestException.class);
    }
}
