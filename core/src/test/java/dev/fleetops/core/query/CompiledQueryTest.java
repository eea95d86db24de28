package dev.fleetops.core.query;

import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompiledQueryTest {

    private static final Twin TWIN = Twin.builder(DeviceId.of("dev-1"))
            .etag(ETag.of("AAAA"))
            .version(7)
            .status(DeviceStatus.ENABLED)
            .connectionState(ConnectionState.CONNECTED)
            .lastActivityTime(Instant.parse("2024-05-01T10:00:00Z"))
            .authenticationType(AuthenticationType.SELF_SIGNED)
            .modelId("dtmi:com:example;1")
            .iotEdge(true)
            .tags(PropertyTree.parse("{\"region\":\"eu\",\"flag\":true,\"name\":\"x\",\"n\":2,\"half\":2.5,"
                    + "\"nothing\":null,\"list\":[1,2],\"obj\":{\"a\":1}}"))
            .desired(PropertyTree.parse("{\"x\":5,\"obj\":{\"a\":1},\"fw\":\"2.0\"}"))
            .desiredVersion(12)
            .reported(PropertyTree.parse("{\"x\":5,\"obj\":{\"a\":1},\"fw\":\"1.0\",\"battery\":15,"
                    + "\"lastDesiredVersion\":12}"))
            .reportedVersion(30)
            .configurations(Map.of("cfg-1", ConfigurationStatus.APPLIED, "cfg-2", ConfigurationStatus.TARGETED))
            .build();

    /** Evaluates a condition on the twin, checking that the twin and document evaluators agree. */
    private static boolean matches(String condition) {
        CompiledCondition c = CompiledCondition.of(condition);
        boolean onTwin = c.matches(TWIN);
        assertThat(c.matches(TWIN.toTree())).as("document evaluation of %s", condition).isEqualTo(onTwin);
        CompiledQuery q = CompiledQuery.of("SELECT * FROM devices WHERE " + condition);
        assertThat(q.matches(TWIN)).as("query evaluation of %s", condition).isEqualTo(onTwin);
        return onTwin;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tags.region = 'eu'", "tags.region != 'us'", "tags.region <> 'us'", "tags.n = 2", "tags.n = 2.0",
        "tags.half = 2.5", "tags.half > tags.n", "tags.n < 10", "tags.n <= 2", "tags.n >= 2", "'a' < 'b'",
        "'B' < 'a'", "'abc' > 'ab'", "false < true", "tags.flag", "tags.flag = true", "tags.nothing = null",
        "null = null", "tags.region IN ['us', 'eu']", "tags.n IN [1, 2.0]", "tags.n NIN [1, 3]",
        "tags.nothing IN [null]", "IS_DEFINED(tags.nothing)", "IS_DEFINED(tags.obj)", "NOT IS_DEFINED(tags.missing)",
        "properties.desired.x = properties.reported.x", "properties.desired.fw != properties.reported.fw",
        "tags.n + 1 = 3", "tags.n - 3 = -1", "tags.n * 1.5 = 3", "tags.n / 4 = 0.5", "tags.n % 2 = 0",
        "7 % 4 = 3", "7.5 % 2 = 1.5", "-tags.n = -2", "--tags.n = 2", "(tags.n + 1) * 2 = 6",
        "9223372036854775807 + 1 > 9223372036854775807", "tags.missing = 1 OR true", "true OR tags.missing",
        "NOT (tags.missing = 1 AND false)", "NOT false", "NOT NOT true", "tags.a = 1 OR tags.region = 'eu'",
        "0x10 = 16", "properties.reported.battery < 20 OR NOT IS_DEFINED(properties.reported.firmware.state)"})
    void matches_trueConditions_match(String condition) {
        assertThat(matches(condition)).as(condition).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tags.region = 'EU'", "tags.n = '2'", "NOT tags.n = '2'", "tags.n != '2'", "tags.region != null",
        "NOT tags.region = null", "tags.missing = tags.missing", "tags.missing != 1", "NOT tags.missing = 1",
        "tags.missing = undefined", "undefined = undefined", "tags.name", "tags.n", "tags.obj", "NOT tags.name",
        "properties.desired.obj = properties.reported.obj", "properties.desired.obj != properties.reported.obj",
        "tags.list = [1, 2]", "tags.list IN [[1, 2]]", "tags.obj IN [1]", "tags.obj NIN [1]", "tags.missing NIN [1]",
        "tags.missing IN [1]", "tags.n NIN [2]", "tags.n / 0 = 0", "tags.n % 0 = 0",
        "tags.n / 0 != 0", "tags.name + 1 = 1", "-tags.name = 1", "1.7976931348623157E308 * 10 > 0",
        "tags.missing = 1 AND true", "tags.missing = 1 OR false", "false AND tags.missing", "true = 1",
        "null < null", "tags.flag < 1", "IS_DEFINED(tags.missing)", "IS_DEFINED(deviceId.x)", "NOT true",
        "tags.missing < 1 OR tags.missing >= 1"})
    void matches_falseOrUndefinedConditions_doNotMatch(String condition) {
        assertThat(matches(condition)).as(condition).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "deviceId = 'dev-1'", "DeviceId = 'dev-1'", "etag = 'AAAA'", "version = 7", "status = 'enabled'",
        "connectionState = 'Connected'", "lastActivityTime = '2024-05-01T10:00:00.0000000Z'",
        "lastActivityTime > '2024-01-01'", "authenticationType = 'selfSigned'", "modelId = 'dtmi:com:example;1'",
        "capabilities.iotEdge = true", "properties.desired.$version = 12", "properties.reported.$version = 30",
        "properties.desired.$version = properties.reported.lastDesiredVersion",
        "configurations.[[cfg-1]].status = 'Applied'", "configurations.[[cfg-2]].status = 'Targeted'",
        "NOT IS_DEFINED(configurations.[[cfg-3]])", "IS_DEFINED(configurations.[[cfg-1]])",
        "NOT IS_DEFINED(moduleId)", "IS_DEFINED(properties)", "IS_DEFINED(properties.desired)",
        "IS_DEFINED(capabilities)", "IS_DEFINED(configurations)", "IS_DEFINED(tags)", "NOT IS_DEFINED(devices)",
        "NOT IS_DEFINED(properties.other)", "NOT IS_DEFINED(properties.desired.$version.x)"})
    void matches_twinFields_readAsTheHubWritesThem(String condition) {
        assertThat(matches(condition)).as(condition).isTrue();
    }

    @Test
    void matches_moduleTwin_seesModuleId() {
        Twin module = TWIN.toBuilder().moduleId("$edgeAgent").build();

        assertThat(CompiledCondition.of("moduleId = '$edgeAgent'").matches(module)).isTrue();
        assertThat(CompiledCondition.of("moduleId = '$edgeAgent'").matches(module.toTree())).isTrue();
    }

    @Test
    void compiledCondition_fromCondition_matchesLikeItsText() {
        Condition c = Condition.parse("tags.region = 'eu' and deviceId in ['dev-1', 'dev-2']");
        CompiledCondition compiled = CompiledCondition.compile(c);

        assertThat(compiled.matches(TWIN)).isTrue();
        assertThat(compiled.text()).isEqualTo("tags.region = 'eu' AND deviceId IN ['dev-1', 'dev-2']");
        assertThat(compiled.toString()).isEqualTo(compiled.text());
    }

    @Test
    void project_paths_useTheHubsColumnNamesAndOmitUndefined() {
        CompiledQuery q = CompiledQuery.of("SELECT DeviceId, LastActivityTime, tags.region AS r, tags.missing,"
                + " properties.desired.$version, tags.obj, tags.list, tags.nothing FROM devices");

        assertThat(q.selectsAll()).isFalse();
        assertThat(q.isAggregate()).isFalse();
        assertThat(q.columns()).containsExactly("deviceId", "lastActivityTime", "r", "missing", "$version", "obj",
                "list", "nothing");
        assertThat(q.project(TWIN)).isEqualTo(PropertyTree.parse("{\"deviceId\":\"dev-1\","
                + "\"lastActivityTime\":\"2024-05-01T10:00:00.0000000Z\",\"r\":\"eu\",\"$version\":12,\"obj\":{\"a\":1},"
                + "\"list\":[1,2],\"nothing\":null}"));
        assertThat(q.project(TWIN).keys()).containsExactly("deviceId", "lastActivityTime", "r", "$version", "obj",
                "list", "nothing");
        assertThat(q.project(TWIN.toTree())).isEqualTo(q.project(TWIN));
    }

    @Test
    void project_selectAll_givesTheTwinDocument() {
        CompiledQuery q = CompiledQuery.of("SELECT * FROM devices");

        assertThat(q.selectsAll()).isTrue();
        assertThat(q.matches(TWIN)).isTrue();
        assertThat(q.project(TWIN)).isEqualTo(TWIN.toTree());
        assertThat(q.columns()).isEmpty();
        assertThat(q.top()).isEmpty();
    }

    @Test
    void project_wholeObjects_matchTheTwinDocument() {
        CompiledQuery q = CompiledQuery.of("SELECT tags, properties, properties.reported, capabilities,"
                + " configurations, configurations.[[cfg-1]] AS c1 FROM devices");
        PropertyTree doc = TWIN.toTree();

        assertThat(q.project(TWIN)).isEqualTo(q.project(doc));
        assertThat(q.project(TWIN).getTree("reported").orElseThrow().getLong("$version")).contains(30L);
        assertThat(q.project(TWIN).getString("c1.status")).contains("Applied");
    }

    @Test
    void aggregation_withoutGroupBy_givesOneRowEvenOverNoTwins() {
        CompiledQuery q = CompiledQuery.of("SELECT COUNT(), SUM(properties.reported.t), AVG(properties.reported.t),"
                + " MIN(properties.reported.t), MAX(properties.reported.t) FROM devices");
        CompiledQuery.Aggregation empty = q.newAggregation();

        assertThat(q.isAggregate()).isTrue();
        assertThat(empty.rows()).containsExactly(PropertyTree.parse("{\"$1\":0,\"$2\":0}"));
    }

    @Test
    void aggregation_numbers_sumAverageMinMax() {
        CompiledQuery q = CompiledQuery.of("SELECT COUNT() AS n, SUM(properties.reported.t) AS s,"
                + " AVG(properties.reported.t) AS a, MIN(properties.reported.t) AS lo, MAX(properties.reported.t) AS hi"
                + " FROM devices");
        CompiledQuery.Aggregation agg = q.newAggregation();
        agg.add(withReported("{\"t\":1}"));
        agg.add(withReported("{\"t\":2.5}"));
        agg.add(withReported("{\"t\":4}"));
        agg.add(withReported("{\"t\":\"text\"}"));
        agg.add(withReported("{}"));

        assertThat(agg.rows()).containsExactly(PropertyTree.parse(
                "{\"n\":5,\"s\":7.5,\"a\":2.5,\"lo\":1,\"hi\":\"text\"}"));
    }

    @Test
    void aggregation_integers_stayExact() {
        CompiledQuery q = CompiledQuery.of("SELECT SUM(properties.reported.t) AS s, AVG(properties.reported.t) AS a"
                + " FROM devices");
        CompiledQuery.Aggregation agg = q.newAggregation();
        agg.add(withReported("{\"t\":9007199254740993}"));
        agg.add(withReported("{\"t\":1}"));

        assertThat(agg.rows().get(0).get("s")).contains(9007199254740994L);
    }

    @Test
    void aggregation_minMax_orderTypesNullBooleanNumberString() {
        CompiledQuery q = CompiledQuery.of("SELECT MIN(properties.reported.t) AS lo, MAX(properties.reported.t) AS hi"
                + " FROM devices");
        CompiledQuery.Aggregation agg = q.newAggregation();
        for (String v : List.of("\"b\"", "\"a\"", "3", "true", "false", "null", "{\"x\":1}", "[1]")) {
            agg.add(withReported("{\"t\":" + v + "}"));
        }

        assertThat(agg.rows()).containsExactly(PropertyTree.parse("{\"lo\":null,\"hi\":\"b\"}"));
    }

    @Test
    void aggregation_groupBy_givesOneRowPerValueInFirstSeenOrder() {
        CompiledQuery q = CompiledQuery.of("SELECT tags.region AS region, COUNT() AS n FROM devices"
                + " WHERE tags.region != 'xx' OR NOT IS_DEFINED(tags.region) GROUP BY tags.region");
        CompiledQuery.Aggregation agg = q.newAggregation();
        for (String region : new String[] {"eu", "us", "eu", null, "us", "eu"}) {
            Twin t = region == null ? twin("{}") : twin("{\"region\":\"" + region + "\"}");
            if (q.matches(t)) {
                agg.add(t);
            }
        }

        assertThat(agg.rows()).containsExactly(
                PropertyTree.parse("{\"region\":\"eu\",\"n\":3}"),
                PropertyTree.parse("{\"region\":\"us\",\"n\":2}"),
                PropertyTree.parse("{\"n\":1}"));
    }

    @Test
    void aggregation_groupByWithTop_limitsRows() {
        CompiledQuery q = CompiledQuery.of("SELECT TOP 1 COUNT() FROM devices GROUP BY tags.region");
        CompiledQuery.Aggregation agg = q.newAggregation();
        agg.add(twin("{\"region\":\"eu\"}"));
        agg.add(twin("{\"region\":\"us\"}"));

        assertThat(agg.rows()).containsExactly(PropertyTree.parse("{\"$1\":1}"));
        assertThat(q.top()).hasValue(1);
    }

    @Test
    void aggregation_groupByObjectsAndNumbers_groupsByValue() {
        CompiledQuery q = CompiledQuery.of("SELECT tags.v, COUNT() AS n FROM devices GROUP BY tags.v");
        CompiledQuery.Aggregation agg = q.newAggregation();
        agg.add(twin("{\"v\":2}"));
        agg.add(twin("{\"v\":2.0}"));
        agg.add(twin("{\"v\":{\"a\":[1]}}"));
        agg.add(twin("{\"v\":{\"a\":[1]}}"));

        assertThat(agg.rows()).containsExactly(PropertyTree.parse("{\"v\":2,\"n\":2}"),
                PropertyTree.parse("{\"v\":{\"a\":[1]},\"n\":2}"));
    }

    @Test
    void misuse_throwsIllegalState() {
        CompiledQuery jobs = CompiledQuery.of("SELECT * FROM devices.jobs");
        CompiledQuery count = CompiledQuery.of("SELECT COUNT() FROM devices");
        CompiledQuery rows = CompiledQuery.of("SELECT deviceId FROM devices");

        assertThatThrownBy(() -> jobs.matches(TWIN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> jobs.project(TWIN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> count.project(TWIN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> count.project(TWIN.toTree())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(rows::newAggregation).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compile_fromQuery_isTheCanonicalQuery() {
        Query query = Query.parse("select top 3 deviceId from devices where tags.region = \"eu\"");
        CompiledQuery q = CompiledQuery.compile(query);

        assertThat(q.text()).isEqualTo(query.text()).isEqualTo(q.toString());
        assertThat(q.source()).isEqualTo(QuerySource.DEVICES);
        assertThat(q.top()).hasValue(3);
        assertThat(CompiledQuery.of("SELECT * FROM devices.modules").source()).isEqualTo(QuerySource.MODULES);
        assertThat(QuerySource.JOBS.collection()).isEqualTo("devices.jobs");
    }

    @Test
    void jobs_documents_matchByFieldWithOrWithoutPrefix() {
        PropertyTree doc = PropertyTree.parse("{\"deviceId\":\"d1\",\"jobId\":\"j1\","
                + "\"jobType\":\"scheduleUpdateTwin\","
                + "\"status\":\"completed\",\"createdDateTimeUtc\":\"2016-09-02T00:00:00Z\","
                + "\"outcome\":{\"deviceMethodResponse\":{\"status\":200}}}");

        assertThat(CompiledQuery.of("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j1'").matches(doc))
                .isTrue();
        assertThat(CompiledQuery.of("SELECT * FROM devices.jobs WHERE JobId = 'j1'").matches(doc)).isTrue();
        assertThat(CompiledQuery.of("SELECT * FROM devices.jobs WHERE devices.jobs.createdTimeUtc > '2016-09-01'")
                .matches(doc)).isTrue();
        assertThat(CompiledQuery.of("SELECT * FROM devices.jobs WHERE"
                + " devices.jobs.outcome.deviceMethodResponse.status = 200").matches(doc)).isTrue();
        assertThatThrownBy(() -> CompiledQuery.of("SELECT * FROM devices.jobs WHERE tags.region = 'eu'"))
                .isInstanceOf(InvalidQueryException.class); // IoT Hub refuses conditions on the twin here
        assertThat(CompiledQuery.of("SELECT * FROM devices.jobs").project(doc)).isSameAs(doc);
    }

    private static Twin withReported(String json) {
        return Twin.builder(DeviceId.of("d")).reported(PropertyTree.parse(json)).build();
    }

    private static Twin twin(String tagsJson) {
        return Twin.builder(DeviceId.of("d")).tags(PropertyTree.parse(tagsJson)).build();
    }
}
