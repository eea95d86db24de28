package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Query;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.fleetops.core.query.Path.desired;
import static dev.fleetops.core.query.Path.reported;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example queries of Microsoft's "IoT Hub query language" and "queries for device and module twins / jobs"
 * pages, run on a small fleet with the results worked out by hand.
 */
class IotHubDocsExamplesTest {

    // d1..d8: tags.location.{region, plant}, properties.reported.{telemetryConfig, connectivity}, status,
    // connection state, last activity.
    private static final List<Twin> FLEET = List.of(
            device("d1", "{\"location\":{\"region\":\"US\",\"plant\":\"Redmond43\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Success\",\"sendFrequencyInSecs\":300},"
                            + "\"connectivity\":\"wired\"}",
                    DeviceStatus.ENABLED, ConnectionState.DISCONNECTED, "2024-01-01T00:00:00Z"),
            device("d2", "{\"location\":{\"region\":\"US\",\"plant\":\"Redmond43\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Pending\",\"sendFrequencyInSecs\":30},"
                            + "\"connectivity\":\"wifi\"}",
                    DeviceStatus.ENABLED, ConnectionState.CONNECTED, "2024-01-02T00:00:00Z"),
            device("d3", "{\"location\":{\"region\":\"US\",\"plant\":\"Chicago\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Success\",\"sendFrequencyInSecs\":60},"
                            + "\"connectivity\":\"cellular\"}",
                    DeviceStatus.DISABLED, ConnectionState.DISCONNECTED, "2024-01-03T00:00:00Z"),
            device("d4", "{\"location\":{\"region\":\"EU\",\"plant\":\"Dublin\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Error\",\"sendFrequencyInSecs\":120},"
                            + "\"connectivity\":\"wifi\"}",
                    DeviceStatus.ENABLED, ConnectionState.DISCONNECTED, "2024-01-04T00:00:00Z"),
            device("d5", "{\"location\":{\"region\":\"EU\"}}", "{}",
                    DeviceStatus.ENABLED, ConnectionState.CONNECTED, "2024-01-05T00:00:00Z"),
            device("d6", "{}",
                    "{\"telemetryConfig\":{\"status\":\"Success\",\"sendFrequencyInSecs\":\"60\"},"
                            + "\"connectivity\":\"wired\"}",
                    DeviceStatus.ENABLED, ConnectionState.DISCONNECTED, "2024-01-06T00:00:00Z")
                    .toBuilder().configurations(Map.of("yourconfigname", ConfigurationStatus.APPLIED)).build(),
            device("d7", "{\"location\":{\"region\":\"US\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Pending\"},\"connectivity\":null}",
                    DeviceStatus.ENABLED, ConnectionState.CONNECTED, "2024-01-07T00:00:00Z")
                    .toBuilder().configurations(Map.of("yourconfigname", ConfigurationStatus.TARGETED)).build(),
            device("d8", "{\"location\":{\"region\":\"us\"}}",
                    "{\"telemetryConfig\":{\"status\":\"Success\",\"sendFrequencyInSecs\":600},"
                            + "\"connectivity\":\"wired\"}",
                    DeviceStatus.ENABLED, ConnectionState.DISCONNECTED, "2024-01-08T00:00:00Z"));

    private static Twin device(String id, String tags, String reported, DeviceStatus status, ConnectionState state,
            String lastActivity) {
        return Twin.builder(DeviceId.of(id))
                .tags(PropertyTree.parse(tags))
                .reported(PropertyTree.parse(reported))
                .status(status)
                .connectionState(state)
                .lastActivityTime(Instant.parse(lastActivity))
                .build();
    }

    /** Runs a query over twins as the embedded hub does: filter, then project or aggregate, then TOP. */
    private static List<PropertyTree> run(String text, List<Twin> twins) {
        CompiledQuery q = CompiledQuery.of(text);
        if (q.isAggregate()) {
            CompiledQuery.Aggregation agg = q.newAggregation();
            twins.stream().filter(q::matches).forEach(agg::add);
            return agg.rows();
        }
        List<PropertyTree> rows = new ArrayList<>();
        for (Twin t : twins) {
            if (q.matches(t) && rows.size() < q.top().orElse(Integer.MAX_VALUE)) {
                rows.add(q.project(t));
            }
        }
        return rows;
    }

    private static List<String> ids(List<PropertyTree> rows) {
        List<String> ids = new ArrayList<>();
        for (PropertyTree r : rows) {
            ids.add(r.getString("deviceId").orElseThrow());
        }
        return ids;
    }

    private static PropertyTree json(String text) {
        return PropertyTree.parse(text);
    }

    @Test
    void selectAll_returnsEveryTwinDocument() {
        List<PropertyTree> rows = run("SELECT * FROM devices", FLEET);

        assertThat(rows).hasSize(8);
        assertThat(rows.get(0)).isEqualTo(FLEET.get(0).toTree());
        assertThat(ids(rows)).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8");
    }

    @Test
    void count_asTotalNumberOfDevices_countsTheFleet() {
        assertThat(run("SELECT COUNT() as totalNumberOfDevices FROM devices", FLEET))
                .containsExactly(json("{\"totalNumberOfDevices\":8}"));
        assertThat(run("SELECT COUNT() FROM devices", FLEET)).containsExactly(json("{\"$1\":8}"));
        assertThat(run("SELECT COUNT() FROM devices", List.of())).containsExactly(json("{\"$1\":0}"));
    }

    @Test
    void whereRegion_selectsByTagCaseSensitively() {
        assertThat(ids(run("SELECT * FROM devices WHERE tags.location.region = 'US'", FLEET)))
                .containsExactly("d1", "d2", "d3", "d7");
    }

    @Test
    void whereRegionAndFrequency_needsBothAndANumber() {
        assertThat(ids(run("SELECT * FROM devices WHERE tags.location.region = 'US'"
                + " AND properties.reported.telemetryConfig.sendFrequencyInSecs >= 60", FLEET)))
                .containsExactly("d1", "d3");
        // d6 reports "60" as a string: a string is never >= a number.
        assertThat(ids(run("SELECT * FROM devices WHERE properties.reported.telemetryConfig.sendFrequencyInSecs >= 60",
                FLEET))).containsExactly("d1", "d3", "d4", "d8");
    }

    @Test
    void whereConnectivityIn_matchesListedValues() {
        assertThat(ids(run("SELECT * FROM devices WHERE properties.reported.connectivity IN ['wired', 'wifi']",
                FLEET))).containsExactly("d1", "d2", "d4", "d6", "d8");
    }

    @Test
    void whereIsDefined_matchesPresentValuesIncludingNull() {
        assertThat(ids(run("SELECT * FROM devices WHERE is_defined(properties.reported.connectivity)", FLEET)))
                .containsExactly("d1", "d2", "d3", "d4", "d6", "d7", "d8");
    }

    @Test
    void groupByTelemetryStatus_countsPerStatus() {
        List<PropertyTree> rows = run("SELECT properties.reported.telemetryConfig.status AS status,"
                + " COUNT() AS numberOfDevices FROM devices GROUP BY properties.reported.telemetryConfig.status",
                FLEET);

        assertThat(rows).containsExactly(
                json("{\"status\":\"Success\",\"numberOfDevices\":4}"),
                json("{\"status\":\"Pending\",\"numberOfDevices\":2}"),
                json("{\"status\":\"Error\",\"numberOfDevices\":1}"),
                json("{\"numberOfDevices\":1}"));
    }

    @Test
    void projectionOfDisconnectedEnabledDevices_usesTheHubsNames() {
        List<PropertyTree> rows = run("SELECT DeviceId, LastActivityTime FROM devices WHERE status = 'enabled'"
                + " AND connectionState = 'Disconnected'", FLEET);

        assertThat(rows).containsExactly(
                json("{\"deviceId\":\"d1\",\"lastActivityTime\":\"2024-01-01T00:00:00.0000000Z\"}"),
                json("{\"deviceId\":\"d4\",\"lastActivityTime\":\"2024-01-04T00:00:00.0000000Z\"}"),
                json("{\"deviceId\":\"d6\",\"lastActivityTime\":\"2024-01-06T00:00:00.0000000Z\"}"),
                json("{\"deviceId\":\"d8\",\"lastActivityTime\":\"2024-01-08T00:00:00.0000000Z\"}"));
    }

    @Test
    void modulesScanning_selectsModuleTwinsOfListedDevices() {
        List<Twin> modules = List.of(
                module("device1", "scanner", "{\"status\":\"scanning\"}"),
                module("device1", "other", "{\"status\":\"idle\"}"),
                module("device2", "scanner", "{\"status\":\"scanning\"}"),
                module("device3", "scanner", "{\"status\":\"scanning\"}"));

        List<PropertyTree> rows = run("SELECT * FROM devices.modules WHERE properties.reported.status = 'scanning'"
                + " AND deviceId IN ['device1', 'device2']", modules);

        assertThat(rows).extracting(r -> r.getString("deviceId").orElseThrow() + "/" + r.getString("moduleId")
                .orElseThrow()).containsExactly("device1/scanner", "device2/scanner");
        assertThat(rows.get(0)).isEqualTo(modules.get(0).toTree());
    }

    @Test
    void jobsOfADevice_filterJobDocuments() {
        String query = "SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'myDeviceId'"
                + " AND devices.jobs.jobType = 'scheduleUpdateTwin' AND devices.jobs.status = 'completed'"
                + " AND devices.jobs.createdTimeUtc > '2016-09-01'";
        List<PropertyTree> docs = List.of(
                job("myDeviceId", "j1", "scheduleUpdateTwin", "completed", "2016-09-02T10:00:00Z"),
                job("myDeviceId", "j2", "scheduleUpdateTwin", "failed", "2016-09-03T10:00:00Z"),
                job("myDeviceId", "j3", "scheduleUpdateTwin", "completed", "2016-08-30T10:00:00Z"),
                job("otherDevice", "j4", "scheduleUpdateTwin", "completed", "2016-09-04T10:00:00Z"),
                job("myDeviceId", "j5", "scheduleDeviceMethod", "completed", "2016-09-05T10:00:00Z"));
        CompiledQuery q = CompiledQuery.of(query);

        assertThat(docs.stream().filter(q::matches).map(d -> d.getString("jobId").orElseThrow()))
                .containsExactly("j1");
        assertThat(q.source()).isEqualTo(QuerySource.JOBS);
        assertThat(q.project(docs.get(0))).isEqualTo(docs.get(0));
    }

    @Test
    void configurationApplied_projectsDeviceIds() {
        assertThat(run("SELECT deviceId FROM devices WHERE configurations.[[yourconfigname]].status='Applied'", FLEET))
                .containsExactly(json("{\"deviceId\":\"d6\"}"));
    }

    @Test
    void edgeAgentCondition_comparesDesiredVersionWithReportedField() {
        Condition c = Condition.parse("moduleId = '$edgeAgent' and configurations.[[cfg]].status = 'Applied'"
                + " and properties.desired.$version = properties.reported.lastDesiredVersion");
        CompiledCondition compiled = CompiledCondition.compile(c);
        Twin current = module("edge1", "$edgeAgent", "{\"lastDesiredVersion\":4}").toBuilder()
                .desiredVersion(4).configurations(Map.of("cfg", ConfigurationStatus.APPLIED)).build();
        Twin behind = current.toBuilder().desiredVersion(5).build();
        Twin targeted = current.toBuilder().configurations(Map.of("cfg", ConfigurationStatus.TARGETED)).build();
        Twin otherModule = current.toBuilder().moduleId("$edgeHub").build();

        assertThat(compiled.matches(current)).isTrue();
        assertThat(compiled.matches(behind)).isFalse();
        assertThat(compiled.matches(targeted)).isFalse();
        assertThat(compiled.matches(otherModule)).isFalse();
    }

    @Test
    void drift_comparesPrimitivePropertiesOnly() {
        CompiledQuery inSync = CompiledQuery.compile(Query.devices().where(desired("x").eq(reported("x"))).build());
        CompiledQuery drifted = CompiledQuery.compile(Query.devices().where(desired("x").ne(reported("x"))).build());
        Twin equalNumbers = desiredReported("d1", "{\"x\":5}", "{\"x\":5.0}");
        Twin differentNumbers = desiredReported("d2", "{\"x\":5}", "{\"x\":6}");
        Twin equalObjects = desiredReported("d3", "{\"x\":{\"a\":1}}", "{\"x\":{\"a\":1}}");
        Twin differentObjects = desiredReported("d4", "{\"x\":{\"a\":1}}", "{\"x\":{\"a\":2}}");
        Twin notReported = desiredReported("d5", "{\"x\":5}", "{}");
        Twin differentTypes = desiredReported("d6", "{\"x\":5}", "{\"x\":\"5\"}");

        assertThat(inSync.text()).isEqualTo("SELECT * FROM devices WHERE properties.desired.x = properties.reported.x");
        assertThat(inSync.matches(equalNumbers)).isTrue();
        assertThat(drifted.matches(differentNumbers)).isTrue();
        for (Twin t : List.of(equalObjects, differentObjects, notReported, differentTypes)) {
            assertThat(inSync.matches(t)).as("in sync: %s", t.deviceId()).isFalse();
            assertThat(drifted.matches(t)).as("drifted: %s", t.deviceId()).isFalse();
        }
        assertThat(inSync.matches(differentNumbers)).isFalse();
        assertThat(drifted.matches(equalNumbers)).isFalse();
    }

    private static Twin module(String device, String moduleId, String reported) {
        return Twin.builder(DeviceId.of(device)).moduleId(moduleId).reported(PropertyTree.parse(reported)).build();
    }

    private static Twin desiredReported(String id, String desired, String reported) {
        return Twin.builder(DeviceId.of(id)).desired(PropertyTree.parse(desired))
                .reported(PropertyTree.parse(reported)).build();
    }

    private static PropertyTree job(String device, String jobId, String type, String status, String created) {
        return PropertyTree.of(Map.of("deviceId", device, "jobId", jobId, "jobType", type, "status", status,
                "startTimeUtc", created, "createdDateTimeUtc", created, "lastUpdatedDateTimeUtc", created));
    }
}
