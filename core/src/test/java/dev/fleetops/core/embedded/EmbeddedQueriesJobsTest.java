package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedQueriesJobsTest {

    private final VirtualClock clock = VirtualClock.create();

    private EmbeddedHub fleet(EmbeddedHub.Builder builder, int n) {
        EmbeddedHub hub = builder.clock(clock).build();
        FleetSimulator sim = FleetSimulator.attach(hub);
        for (int i = 0; i < n; i++) {
            sim.addDevice(DeviceId.of(String.format("d%03d", i)),
                    PropertyTree.builder().put("region", i % 3 == 0 ? "eu" : "us").put("bucket", i).build(),
                    PropertyTree.builder().put("fw", i % 2 == 0 ? "1.0" : "2.0").build());
        }
        return hub;
    }

    private static List<String> ids(List<Twin> twins) {
        return twins.stream().map(t -> t.deviceId().value()).toList();
    }

    @Test
    void queryTwins_pagesInDeviceOrder_withContinuationTokens() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 25);
        String q = "SELECT * FROM devices WHERE tags.region = 'eu'";
        List<String> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(4);
        int pages = 0;
        while (true) {
            QueryPage<Twin> p = hub.queries().queryTwins(q, page);
            seen.addAll(ids(p.items()));
            pages++;
            if (!p.hasMore()) {
                break;
            }
            page = page.next(p.continuationToken().get());
        }
        assertThat(seen).containsExactly("d000", "d003", "d006", "d009", "d012", "d015", "d018", "d021", "d024");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void queryTwins_top_limitsAcrossPages() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 25);
        QueryPage<Twin> first = hub.queries().queryTwins("SELECT TOP 5 * FROM devices", PageRequest.first(3));
        QueryPage<Twin> second = hub.queries().queryTwins("SELECT TOP 5 * FROM devices",
                PageRequest.first(3).next(first.continuationToken().orElseThrow()));
        assertThat(ids(first.items())).containsExactly("d000", "d001", "d002");
        assertThat(ids(second.items())).containsExactly("d003", "d004");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void continuationToken_fromAnotherQuery_refused() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 10);
        String token = hub.queries().queryTwins("SELECT * FROM devices", PageRequest.first(2))
                .continuationToken().orElseThrow();
        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT * FROM devices WHERE tags.region = 'us'",
                PageRequest.first(2).next(token))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("same query text");
        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT * FROM devices",
                PageRequest.first(2).next("garbage"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void queryRaw_groupByAndProjections() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 9);
        List<PropertyTree> rows = hub.queries().queryRaw("SELECT properties.reported.fw AS fw, COUNT() AS n"
                + " FROM devices GROUP BY properties.reported.fw", PageRequest.first()).items();
        assertThat(rows).extracting(r -> r.getString("fw").orElse("") + "=" + r.getLong("n").orElse(0L))
                .containsExactlyInAnyOrder("1.0=5", "2.0=4");
        PropertyTree row = hub.queries().queryRaw("SELECT DeviceId FROM devices WHERE tags.bucket = 4",
                PageRequest.first()).items().get(0);
        assertThat(row).isEqualTo(PropertyTree.parse("{\"deviceId\":\"d004\"}"));
    }

    @Test
    void queryTwins_projection_refusedBeforeAnyCall() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder().tier(HubTier.s1(1)), 1);
        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT deviceId FROM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("queryRaw");
        assertThatThrownBy(() -> hub.queries().queryRaw("SELECT * FORM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("column");
        assertThat(hub.statistics().requests(dev.fleetops.core.model.OperationClass.QUERY)).isZero();
    }

    @Test
    void queryLag_queriesSeeTheOldFleet_readsByIdAreCurrent() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder().queryLag(Duration.ofMinutes(10)), 3);
        String all = "SELECT * FROM devices";
        assertThat(hub.queries().queryTwins(all, PageRequest.first()).items()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(hub.queries().queryTwins(all, PageRequest.first()).items()).hasSize(3);
        DeviceId d = DeviceId.of("d001");
        hub.twins().patch(d, TwinPatch.builder().tag("region", "eu").build(), ETag.ANY);
        String q = "SELECT * FROM devices WHERE tags.region = 'eu'";
        assertThat(ids(hub.queries().queryTwins(q, PageRequest.first()).items())).containsExactly("d000");
        assertThat(hub.twins().get(d).tags().getString("region")).contains("eu");
        clock.advance(Duration.ofMinutes(10));
        assertThat(ids(hub.queries().queryTwins(q, PageRequest.first()).items())).containsExactly("d000", "d001");
        hub.setQueryLag(Duration.ZERO);
        hub.registry().delete(d, ETag.ANY);
        assertThat(ids(hub.queries().queryTwins(q, PageRequest.first()).items())).containsExactly("d000");
    }

    @Test
    void twinUpdateJob_fansOutAtTheTierRate_andReportsPerDevice() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder().tier(HubTier.s1(1)), 30);
        Instant start = clock.instant();
        ScheduledJob job = hub.jobs().scheduleTwinUpdate("wave-1", "tags.region = 'us'",
                TwinPatch.builder().desired("fw", "3.0").build(), start, Duration.ofHours(1));
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        hub.runDueWork();
        assertThat(hub.jobs().get("wave-1").statistics().succeededCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1000));
        ScheduledJob mid = hub.jobs().get("wave-1");
        assertThat(mid.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(mid.statistics().succeededCount()).isEqualTo(11);
        assertThat(mid.statistics().deviceCount()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(2));
        ScheduledJob done = hub.jobs().get("wave-1");
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.statistics().succeededCount()).isEqualTo(20);
        assertThat(hub.twins().get(DeviceId.of("d001")).desired().getString("fw")).contains("3.0");
        assertThat(hub.twins().get(DeviceId.of("d000")).desired().get("fw")).isEmpty();
        List<DeviceJobResult> results = hub.jobs().deviceResults("wave-1", PageRequest.first()).items();
        assertThat(results).hasSize(20).allMatch(r -> r.status() == DeviceJobStatus.COMPLETED);
        List<PropertyTree> rows = hub.queries().queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId ="
                + " 'wave-1' AND devices.jobs.deviceId = 'd002'", PageRequest.first()).items();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("status")).contains("completed");
    }

    @Test
    void jobs_concurrencyLimit_idConflict_cancelAndTimeout() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder().tier(HubTier.s1(1)), 100);
        TwinPatch patch = TwinPatch.builder().desired("x", 1).build();
        hub.jobs().scheduleTwinUpdate("slow", "tags.bucket >= 0", patch, clock.instant(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> hub.jobs().scheduleTwinUpdate("second", "tags.bucket >= 0", patch,
                clock.instant(), Duration.ofHours(1))).isInstanceOf(ThrottledException.class)
                .hasMessageContaining("at most 1 jobs at once");
        assertThatThrownBy(() -> hub.jobs().scheduleTwinUpdate("slow", "tags.bucket >= 0", patch,
                clock.instant(), Duration.ofHours(1))).isInstanceOf(ConflictException.class);
        clock.advance(Duration.ofSeconds(6));
        ScheduledJob timedOut = hub.jobs().get("slow");
        assertThat(timedOut.status()).isEqualTo(JobStatus.FAILED);
        assertThat(timedOut.failureReason()).contains("maximum execution time");
        assertThat(timedOut.statistics().succeededCount()).isEqualTo(50);
        assertThat(timedOut.statistics().failedCount()).isEqualTo(50);

        hub.jobs().scheduleTwinUpdate("later", "tags.bucket >= 0", patch, clock.instant().plusSeconds(60),
                Duration.ofHours(1));
        assertThat(hub.jobs().get("later").status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(hub.jobs().cancel("later").status()).isEqualTo(JobStatus.CANCELLED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(hub.jobs().get("later").statistics().succeededCount()).isZero();
        assertThat(hub.jobs().list(JobFilter.all().withStatus(JobStatus.CANCELLED), PageRequest.first())
                .items()).extracting(ScheduledJob::jobId).containsExactly("later");
    }

    @Test
    void directMethodJob_reachesOnlineDevices_failsOffline() {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        FleetSimulator sim = FleetSimulator.attach(hub).defaultBehaviour(new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                return MethodAnswer.now(new MethodResult(200, "{\"rebooted\":\"" + device.id() + "\"}"));
            }
        });
        sim.addDevice(DeviceId.of("a"), PropertyTree.empty(), PropertyTree.empty());
        sim.addDevice(DeviceId.of("b"), PropertyTree.empty(), PropertyTree.empty());
        sim.setOnline(DeviceId.of("b"), false);
        hub.jobs().scheduleDirectMethod("reboot", "deviceId IN ['a', 'b']", MethodInvocation.of("reboot", "{}"),
                clock.instant(), Duration.ofMinutes(5));
        sim.advance(Duration.ofSeconds(1));
        ScheduledJob job = hub.jobs().get("reboot");
        assertThat(job.statistics().succeededCount()).isEqualTo(1);
        assertThat(job.statistics().failedCount()).isEqualTo(1);
        List<DeviceJobResult> results = hub.jobs().deviceResults("reboot", PageRequest.first()).items();
        assertThat(results.get(0).outcome().map(MethodResult::payloadJson)).contains("{\"rebooted\":\"a\"}");
        assertThat(results.get(1).error()).contains("not online");
    }

    @Test
    void configuration_targetConditionAndMetrics() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 12);
        hub.configurations().create(Configuration.builder("eu-telemetry").targetCondition("tags.region = 'eu'")
                .content("properties.desired.telemetry", PropertyTree.parse("{\"interval\":30}"))
                .metric("onTwo", "SELECT deviceId FROM devices WHERE configurations.[[eu-telemetry]].status ="
                        + " 'Applied' AND properties.reported.fw = '2.0'")
                .build());
        hub.runDueWork();
        Configuration c = hub.configurations().get("eu-telemetry");
        assertThat(c.systemMetrics()).containsEntry("targetedCount", 4L).containsEntry("appliedCount", 4L);
        assertThat(c.metricResults()).containsEntry("onTwo", 2L);
        assertThat(hub.twins().get(DeviceId.of("d003")).desired().getLong("telemetry.interval")).contains(30L);
        assertThat(hub.twins().get(DeviceId.of("d001")).desired().get("telemetry")).isEmpty();
        assertThatThrownBy(() -> hub.configurations().create(Configuration.builder("bad")
                .targetCondition("tags.region == 'eu'").build())).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void moduleTwins_queriedFromDevicesModules_andDeletedWithTheirDevice() {
        EmbeddedHub hub = fleet(EmbeddedHub.builder(), 3);
        hub.load(Twin.builder(DeviceId.of("d001")).moduleId("scanner")
                .reported(PropertyTree.parse("{\"status\":\"scanning\"}")).build());
        hub.load(Twin.builder(DeviceId.of("d002")).moduleId("scanner")
                .reported(PropertyTree.parse("{\"status\":\"idle\"}")).build());
        assertThatThrownBy(() -> hub.load(Twin.builder(DeviceId.of("ghost")).moduleId("m").build()))
                .isInstanceOf(dev.fleetops.core.error.DeviceNotFoundException.class);
        List<Twin> scanning = hub.queries().queryTwins("SELECT * FROM devices.modules WHERE"
                + " properties.reported.status = 'scanning' AND deviceId IN ['d001', 'd002']", PageRequest.first())
                .items();
        assertThat(scanning).extracting(t -> t.deviceId() + "/" + t.moduleId()).containsExactly("d001/scanner");
        assertThat(hub.queries().queryTwins("SELECT * FROM devices", PageRequest.first()).items()).hasSize(3);
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(3);
        hub.registry().delete(DeviceId.of("d001"), ETag.ANY);
        assertThat(hub.queries().queryTwins("SELECT * FROM devices.modules", PageRequest.first()).items())
                .extracting(t -> t.deviceId().value()).containsExactly("d002");
    }
}
