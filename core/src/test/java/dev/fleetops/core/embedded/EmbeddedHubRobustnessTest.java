package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.JobStatistics;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Edge cases found in review: paging over modules, failing background work, far-off times, shared job rate. */
class EmbeddedHubRobustnessTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final FleetSimulator sim = FleetSimulator.attach(hub);

    private void devices(int n) {
        for (int i = 0; i < n; i++) {
            sim.addDevice(DeviceId.of("d" + i), PropertyTree.empty(), PropertyTree.empty());
        }
    }

    @Test
    void modulePaging_pageOfOne_visitsEachModuleOnce() {
        devices(2);
        for (String m : List.of("m1", "m2", "m3")) {
            hub.load(Twin.builder(DeviceId.of("d0")).moduleId(m).build());
        }
        hub.load(Twin.builder(DeviceId.of("d1")).moduleId("m1").build());
        List<String> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(1);
        for (int guard = 0; guard < 10; guard++) {
            QueryPage<Twin> p = hub.queries().queryTwins("SELECT * FROM devices.modules", page);
            p.items().forEach(t -> seen.add(t.deviceId() + "/" + t.moduleId()));
            if (!p.hasMore()) {
                break;
            }
            page = page.next(p.continuationToken().get());
        }
        assertThat(seen).containsExactly("d0/m1", "d0/m2", "d0/m3", "d1/m1");
    }

    @Test
    void forgedToken_negativeOffset_isABadRequest() {
        devices(3);
        String q = "SELECT COUNT() AS n FROM devices";
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("1|" + Integer.toHexString(q.hashCode()) + "|0|-5").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> hub.queries().queryRaw(q, PageRequest.first().next(forged)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void configurationOverTheLimitOnOneTwin_skipsThatTwin_andNeverFailsOtherCalls() {
        devices(2);
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            big.put("k" + i, "x".repeat(4000));
        }
        hub.twins().patch(DeviceId.of("d0"), TwinPatch.ofDesired(PropertyTree.of(big)), ETag.ANY);
        hub.configurations().create(Configuration.builder("extra")
                .content("properties.desired.extra", "y".repeat(3000)).build());
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(2);
        sim.advance(Duration.ofMinutes(6));
        assertThat(hub.twins().get(DeviceId.of("d1")).desired().getString("extra")).isPresent();
        assertThat(hub.twins().get(DeviceId.of("d0")).desired().get("extra")).isEmpty();
        assertThat(hub.configurations().get("extra").systemMetrics()).containsEntry("targetedCount", 2L)
                .containsEntry("appliedCount", 2L);
    }

    @Test
    void configurationContent_badKeyOrNull_refusedAtBuild_nullsInsideNotStored() {
        assertThatThrownBy(() -> Configuration.builder("c").content("properties.desired.a b", 1).build())
                .hasMessageContaining("a space at position 2");
        assertThatThrownBy(() -> Configuration.builder("c").content("properties.desired.x", null).build())
                .hasMessageContaining("is null");
        devices(1);
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("a", 1);
        obj.put("b", null);
        hub.configurations().create(Configuration.builder("c").content("properties.desired.obj", obj).build());
        sim.advance(Duration.ZERO);
        assertThat(hub.twins().get(DeviceId.of("d0")).desired()).isEqualTo(PropertyTree.parse("{\"obj\":{\"a\":1}}"));
    }

    @Test
    void behaviourThatThrows_losesItsEvent_notTheCallersCall() {
        devices(1);
        sim.behaviour(DeviceId.of("d0"), new DeviceBehaviour() {
            @Override
            public void onDesiredChange(DeviceContext device, Twin twin) {
                throw new IllegalStateException("buggy behaviour");
            }
        });
        hub.twins().patch(DeviceId.of("d0"), TwinPatch.builder().desired("x", 1).build(), ETag.ANY);
        sim.advance(Duration.ofSeconds(1));
        assertThat(hub.twins().get(DeviceId.of("d0")).desired().getLong("x")).contains(1L);
        assertThat(sim.pendingEvents()).isZero();
    }

    @Test
    void farOffTimes_saturate_insteadOfOverflowing() {
        devices(2);
        TwinPatch p = TwinPatch.builder().desired("x", 1).build();
        hub.jobs().scheduleTwinUpdate("forever", "deviceId = 'd0'", p, clock.instant(),
                Duration.ofDays(365L * 300));
        hub.jobs().scheduleTwinUpdate("future", "deviceId = 'd1'", p, Instant.parse("2300-01-01T00:00:00Z"),
                Duration.ofHours(1));
        sim.advance(Duration.ofSeconds(1));
        assertThat(hub.jobs().get("forever").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(hub.jobs().get("future").status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(hub.jobs().cancel("future").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void concurrentJobs_shareTheHubsDeviceRate() {
        VirtualClock c = VirtualClock.create();
        EmbeddedHub s2 = EmbeddedHub.builder().clock(c).tier(HubTier.s2(1)).build();
        FleetSimulator s = FleetSimulator.attach(s2);
        for (int i = 0; i < 40; i++) {
            s.addDevice(DeviceId.of(String.format("d%02d", i)), PropertyTree.of(Map.of("half", i % 2)),
                    PropertyTree.empty());
        }
        TwinPatch p = TwinPatch.builder().desired("x", 1).build();
        s2.jobs().scheduleTwinUpdate("a", "tags.half = 0", p, c.instant(), Duration.ofHours(1));
        s2.jobs().scheduleTwinUpdate("b", "tags.half = 1", p, c.instant(), Duration.ofHours(1));
        s.advance(Duration.ofMillis(1950));
        long done = s2.jobs().get("a").statistics().succeededCount() + s2.jobs().get("b").statistics().succeededCount();
        assertThat(done).isEqualTo(20);
        s.advance(Duration.ofSeconds(3));
        assertThat(s2.jobs().get("a").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(s2.jobs().get("b").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void cancelledJob_statisticsAddUp() {
        VirtualClock c = VirtualClock.create();
        EmbeddedHub s1 = EmbeddedHub.builder().clock(c).tier(HubTier.s1(1)).build();
        FleetSimulator s = FleetSimulator.attach(s1);
        for (int i = 0; i < 20; i++) {
            s.addDevice(DeviceId.of("d" + i), PropertyTree.empty(), PropertyTree.empty());
        }
        s1.jobs().scheduleTwinUpdate("j", "deviceId != ''", TwinPatch.builder().desired("x", 1).build(),
                c.instant(), Duration.ofHours(1));
        s.advance(Duration.ofMillis(550));
        ScheduledJob cancelled = s1.jobs().cancel("j");
        JobStatistics st = cancelled.statistics();
        assertThat(st.succeededCount()).isEqualTo(6);
        assertThat(st.succeededCount() + st.failedCount() + st.runningCount() + st.pendingCount())
                .isEqualTo(st.deviceCount());
    }

    @Test
    void firmwareAgent_offlineMidUpdate_sameAgentFinishesAfterReconnect() {
        DeviceId d = DeviceId.of("flaky");
        boolean[] flaky = {true};
        FirmwareAgent agent = FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).progressSteps(0)
                .offlineOn(id -> flaky[0]).build();
        sim.defaultBehaviour(agent);
        sim.addDevice(d, PropertyTree.empty(), PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"));
        hub.twins().patch(d, TwinPatch.builder().desired("firmware.version", "2.0").build(), ETag.ANY);
        sim.advance(Duration.ofMinutes(5));
        assertThat(sim.isOnline(d)).isFalse();
        flaky[0] = false;
        sim.setOnline(d, true);
        sim.advance(Duration.ofMinutes(5));
        assertThat(hub.twins().get(d).reported().getString("firmware.version")).contains("2.0");
    }
}
