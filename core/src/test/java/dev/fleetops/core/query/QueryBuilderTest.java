package dev.fleetops.core.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.fleetops.core.query.Condition.allOf;
import static dev.fleetops.core.query.Condition.anyOf;
import static dev.fleetops.core.query.Condition.not;
import static dev.fleetops.core.query.Path.configuration;
import static dev.fleetops.core.query.Path.configurationStatus;
import static dev.fleetops.core.query.Path.desired;
import static dev.fleetops.core.query.Path.field;
import static dev.fleetops.core.query.Path.job;
import static dev.fleetops.core.query.Path.reported;
import static dev.fleetops.core.query.Path.tag;
import static dev.fleetops.core.query.Projection.avg;
import static dev.fleetops.core.query.Projection.count;
import static dev.fleetops.core.query.Projection.max;
import static dev.fleetops.core.query.Projection.min;
import static dev.fleetops.core.query.Projection.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryBuilderTest {

    private static Query roundTrip(Query q) {
        assertThat(Query.parse(q.text())).isEqualTo(q);
        return q;
    }

    private static Condition roundTrip(Condition c) {
        assertThat(Condition.parse(c.text())).isEqualTo(c);
        return c;
    }

    @Test
    void build_devicesWhereTag_rendersTheHubText() {
        Query q = Query.devices().where(tag("region").eq("eu")).build();

        assertThat(q.text()).isEqualTo("SELECT * FROM devices WHERE tags.region = 'eu'");
        assertThat(q).isEqualTo(Query.parse("select * from devices where tags.region = \"eu\""));
        assertThat(q.toString()).isEqualTo(q.text());
        assertThat(q.where()).contains(tag("region").eq("eu"));
    }

    @Test
    void build_noSettings_selectsAll() {
        assertThat(Query.devices().build().text()).isEqualTo("SELECT * FROM devices");
        assertThat(Query.modules().build().text()).isEqualTo("SELECT * FROM devices.modules");
        assertThat(Query.jobs().build().text()).isEqualTo("SELECT * FROM devices.jobs");
    }

    @Test
    void paths_factories_renderTheirPlace() {
        assertThat(tag("location.region").text()).isEqualTo("tags.location.region");
        assertThat(desired("firmware.version").text()).isEqualTo("properties.desired.firmware.version");
        assertThat(reported("firmware.state").text()).isEqualTo("properties.reported.firmware.state");
        assertThat(desired("$version").text()).isEqualTo("properties.desired.$version");
        assertThat(field("DeviceId").text()).isEqualTo("deviceId");
        assertThat(field("capabilities.IOTEDGE").text()).isEqualTo("capabilities.iotEdge");
        assertThat(configurationStatus("my-config.v2").text()).isEqualTo("configurations.[[my-config.v2]].status");
        assertThat(configuration("cfg").child("status")).isEqualTo(configurationStatus("cfg"));
        assertThat(Path.of("tags", "odd key").text()).isEqualTo("tags.[[odd key]]");
        assertThat(Path.of("select").text()).isEqualTo("[[select]]");
        assertThat(Path.of("LastActivityTime")).isEqualTo(field("lastActivityTime"));
        assertThat(tag("a").child("b.c").segments()).containsExactly("tags", "a", "b.c");
        assertThat(job("status").text()).isEqualTo("devices.jobs.status");
    }

    @Test
    void paths_invalidSegments_areRefused() {
        assertThatThrownBy(() -> field("firmware")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'firmware' is not a twin field");
        assertThatThrownBy(() -> tag("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tag("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of("tags", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configuration("a]]b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be written");
        assertThatThrownBy(() -> configuration("ends]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constants_ofEveryKind_renderAndParseBack() {
        assertThat(roundTrip(tag("a").eq("it's \\ \"x\"")).text()).isEqualTo("tags.a = 'it\\'s \\\\ \"x\"'");
        assertThat(roundTrip(tag("a").eq(null)).text()).isEqualTo("tags.a = null");
        assertThat(roundTrip(tag("a").eq(true)).text()).isEqualTo("tags.a = true");
        assertThat(roundTrip(tag("a").eq(7)).text()).isEqualTo("tags.a = 7");
        assertThat(roundTrip(tag("a").eq(2.0)).text()).isEqualTo("tags.a = 2");
        assertThat(roundTrip(tag("a").eq(2.5f)).text()).isEqualTo("tags.a = 2.5");
        assertThat(roundTrip(tag("a").eq(-0.001)).text()).isEqualTo("tags.a = -0.001");
        assertThat(roundTrip(tag("a").eq(new BigDecimal("12.50"))).text()).isEqualTo("tags.a = 12.5");
        assertThat(roundTrip(tag("a").eq(new BigInteger("123456789012345678901234567890"))).text())
                .isEqualTo("tags.a = 1.2345678901234568E29");
        assertThat(roundTrip(tag("a").eq(Long.MIN_VALUE)).text()).isEqualTo("tags.a = -9223372036854775808");
        assertThat(roundTrip(tag("a").eq(List.of("x", 1, List.of(true)))).text())
                .isEqualTo("tags.a = ['x', 1, [true]]");
        assertThat(roundTrip(tag("a").eq(new Object[] {List.of(1)})).text()).isEqualTo("tags.a = [ [1]]");
        assertThat(roundTrip(tag("a").eq(Expression.undefined())).text()).isEqualTo("tags.a = undefined");
        assertThat(roundTrip(tag("a").eq("\u0000\n\u2028")).text()).isEqualTo("tags.a = '\\u0000\\u000A\\u2028'");
    }

    @Test
    void constants_unsupported_areRefused() {
        assertThatThrownBy(() -> tag("a").eq(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> tag("a").eq(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tag("a").eq(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> tag("a").in(cyclic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nest more than 100");
    }

    @Test
    void comparisons_allOperators_render() {
        assertThat(roundTrip(reported("battery").lt(20)).text()).isEqualTo("properties.reported.battery < 20");
        assertThat(roundTrip(reported("battery").le(20)).text()).isEqualTo("properties.reported.battery <= 20");
        assertThat(roundTrip(reported("battery").gt(20)).text()).isEqualTo("properties.reported.battery > 20");
        assertThat(roundTrip(reported("battery").ge(20)).text()).isEqualTo("properties.reported.battery >= 20");
        assertThat(roundTrip(reported("battery").ne(20)).text()).isEqualTo("properties.reported.battery != 20");
        assertThat(roundTrip(desired("x").eq(reported("x"))).text())
                .isEqualTo("properties.desired.x = properties.reported.x");
        assertThat(roundTrip(Expression.value(20).gt(reported("battery"))).text())
                .isEqualTo("20 > properties.reported.battery");
        assertThat(roundTrip(tag("flag").eq(tag("x").gt(1))).text()).isEqualTo("tags.flag = (tags.x > 1)");
    }

    @Test
    void inAndNin_takeCollectionsOrVarargs() {
        assertThat(roundTrip(field("deviceId").in("a", "b")).text()).isEqualTo("deviceId IN ['a', 'b']");
        assertThat(field("deviceId").in(List.of("a", "b"))).isEqualTo(field("deviceId").in("a", "b"));
        assertThat(roundTrip(tag("model").nin(Arrays.asList("m1", null, 3))).text())
                .isEqualTo("tags.model NIN ['m1', null, 3]");
        assertThatThrownBy(() -> tag("model").in()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty array");
        assertThat(roundTrip(reported("firmware.state").isDefined()).text())
                .isEqualTo("IS_DEFINED(properties.reported.firmware.state)");
    }

    @Test
    void arithmetic_rendersWithMinimalParentheses() {
        Path b = reported("battery");

        assertThat(roundTrip(b.times(2).plus(1).lt(50)).text()).isEqualTo("properties.reported.battery * 2 + 1 < 50");
        assertThat(roundTrip(b.plus(1).times(2).lt(50)).text())
                .isEqualTo("(properties.reported.battery + 1) * 2 < 50");
        assertThat(roundTrip(tag("a").minus(tag("b").minus(tag("c"))).gt(0)).text())
                .isEqualTo("tags.a - (tags.b - tags.c) > 0");
        assertThat(roundTrip(tag("a").minus(tag("b")).minus(tag("c")).gt(0)).text())
                .isEqualTo("tags.a - tags.b - tags.c > 0");
        assertThat(roundTrip(tag("a").dividedBy(4).mod(3).eq(1)).text()).isEqualTo("tags.a / 4 % 3 = 1");
        assertThat(roundTrip(b.negate().lt(-5)).text()).isEqualTo("-properties.reported.battery < -5");
        assertThat(roundTrip(b.plus(1).negate().negate().lt(0)).text())
                .isEqualTo("--(properties.reported.battery + 1) < 0");
        assertThat(Expression.value(5).negate()).isEqualTo(Expression.value(-5));
        assertThat(tag("a").plus(tag("b").plus(tag("c")))).isNotEqualTo(tag("a").plus(tag("b")).plus(tag("c")));
    }

    @Test
    void logic_composesAndFlattens() {
        Condition a = tag("a").eq(1);
        Condition b = tag("b").eq(2);
        Condition c = tag("c").eq(3);

        assertThat(a.and(b).and(c)).isEqualTo(allOf(a, b, c)).isEqualTo(a.and(b.and(c)))
                .isEqualTo(allOf(List.of(a, b, c)));
        assertThat(roundTrip(allOf(a, b, c)).text()).isEqualTo("tags.a = 1 AND tags.b = 2 AND tags.c = 3");
        assertThat(roundTrip(anyOf(a, b).and(c)).text()).isEqualTo("(tags.a = 1 OR tags.b = 2) AND tags.c = 3");
        assertThat(List.of(a, b, c).stream().reduce(Condition::or)).contains(anyOf(a, b, c));
        assertThat(roundTrip(a.or(b.and(c))).text()).isEqualTo("tags.a = 1 OR tags.b = 2 AND tags.c = 3");
        assertThat(roundTrip(not(a.or(b))).text()).isEqualTo("NOT (tags.a = 1 OR tags.b = 2)");
        assertThat(roundTrip(not(not(a))).text()).isEqualTo("NOT NOT tags.a = 1");
        assertThat(roundTrip(tag("x").eq(not(a))).text()).isEqualTo("tags.x = (NOT tags.a = 1)");
        assertThat(anyOf(List.of(a))).isEqualTo(a).isEqualTo(allOf(a));
        assertThatThrownBy(() -> allOf(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> anyOf()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logic_nestedTooDeeply_isRefusedBeforeRendering() {
        Condition c = tag("a").eq(1);
        for (int i = 0; i < 100; i++) {
            c = not(c);
        }
        Condition deepest = c;

        assertThat(roundTrip(deepest).text()).startsWith("NOT NOT");
        assertThatThrownBy(() -> not(deepest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100");
    }

    @Test
    void condition_fromText_composesWithBuilt() {
        Condition parsed = Condition.parse("tags.region = 'eu'");
        Query q = Query.devices().where(parsed.and(field("deviceId").in("a", "b"))).build();

        assertThat(q.text()).isEqualTo("SELECT * FROM devices WHERE tags.region = 'eu' AND deviceId IN ['a', 'b']");
        assertThat(roundTrip(q)).isEqualTo(Query.parse(q.text()));
    }

    @Test
    void projections_renderAliasesAndAggregates() {
        Query q = Query.devices()
                .select(Projection.of(field("DeviceId")), field("lastActivityTime").as("seen"),
                        reported("telemetryConfig.status").as("status"))
                .top(10)
                .where(field("status").eq("enabled"))
                .build();

        assertThat(roundTrip(q).text()).isEqualTo("SELECT TOP 10 deviceId, lastActivityTime AS seen,"
                + " properties.reported.telemetryConfig.status AS status FROM devices WHERE status = 'enabled'");
        assertThat(count().as("n").toString()).isEqualTo("COUNT() AS n");
        assertThat(avg(reported("t")).toString()).isEqualTo("AVG(properties.reported.t)");
        assertThat(count().isAggregate()).isTrue();
        assertThat(Projection.of(tag("a")).isAggregate()).isFalse();
        assertThat(count().as("n")).isEqualTo(count().as("n")).isNotEqualTo(count());
        assertThatThrownBy(() -> count().as("1n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> count().as("select")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aggregates_withGroupBy_render() {
        Path status = reported("telemetryConfig.status");
        Query q = Query.devices()
                .select(status.as("status"), count().as("numberOfDevices"), sum(reported("t")), min(reported("t")),
                        max(reported("t")))
                .groupBy(status)
                .build();

        assertThat(roundTrip(q).text()).isEqualTo("SELECT properties.reported.telemetryConfig.status AS status,"
                + " COUNT() AS numberOfDevices, SUM(properties.reported.t), MIN(properties.reported.t),"
                + " MAX(properties.reported.t) FROM devices GROUP BY properties.reported.telemetryConfig.status");
    }

    @Test
    void build_ruleBreaks_throwIllegalState() {
        assertThatThrownBy(() -> Query.jobs().select(Projection.of(job("jobId"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only SELECT *");
        assertThatThrownBy(() -> Query.modules().select(count()).groupBy(field("moduleId")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GROUP BY only in queries FROM devices");
        assertThatThrownBy(() -> Query.devices().groupBy(tag("a")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs an aggregate");
        assertThatThrownBy(() -> Query.devices().select(Projection.of(tag("a")), count()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("projects only aggregates");
        assertThatThrownBy(() -> Query.devices().select(Projection.of(tag("x")), Projection.of(desired("x"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'x' appears twice");
        assertThatThrownBy(() -> Query.jobs().where(Path.of("devices", "jobs").eq(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names no job field");
        assertThatThrownBy(() -> Query.devices().top(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_textOver8192Characters_throwsIllegalState() {
        Query.Builder b = Query.devices().where(tag("a").eq("x".repeat(9000)));

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("the query's text is 9,039 characters long; IoT Hub accepts at most 8,192");
    }

    @Test
    void build_jobsQuery_readsJobFieldsWithTheHubPrefix() {
        Query built = Query.jobs().where(job("status").eq("completed").and(Path.of("jobType").eq("x"))).build();

        assertThat(built.text()).isEqualTo("SELECT * FROM devices.jobs WHERE devices.jobs.status = 'completed'"
                + " AND devices.jobs.jobType = 'x'");
        assertThat(roundTrip(built))
                .isEqualTo(Query.parse("SELECT * FROM devices.jobs WHERE status = 'completed' AND jobType = 'x'"));
    }

    @Test
    void builder_isReusableAndLastSettingWins() {
        Query.Builder b = Query.devices().where(tag("a").eq(1)).where(tag("b").eq(2)).select(count()).selectAll();

        assertThat(b.build()).isEqualTo(b.build());
        assertThat(b.build().text()).isEqualTo("SELECT * FROM devices WHERE tags.b = 2");
        assertThat(b.select(List.of()).build().text()).isEqualTo("SELECT * FROM devices WHERE tags.b = 2");
    }
}
