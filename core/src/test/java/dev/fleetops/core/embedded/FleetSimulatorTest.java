package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetSimulatorTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final FleetSimulator sim = FleetSimulator.attach(hub, 7);

    private static PropertyTree runs(String version) {
        return PropertyTree.builder().put("firmware.version", version).put("firmware.state", "current").build();
    }

    private void target(DeviceId id, String version) {
        hub.twins().patch(id, TwinPatch.builder().desired("firmware.version", version).build(), ETag.ANY);
    }

    private String state(DeviceId id) {
        return hub.twins().get(id).reported().getString("firmware.state").orElse("");
    }

    private String version(DeviceId id) {
        return hub.twins().get(id).reported().getString("firmware.version").orElse("");
    }

    @Test
    void firmwareAgent_appliesAfterDelay_reportingProgress() {
        DeviceId d = DeviceId.of("d1");
        sim.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(3)).progressSteps(2).build());
        sim.addDevice(d, PropertyTree.empty(), runs("1.0"));
        List<String> seen = new ArrayList<>();
        target(d, "2.0");
        for (int i = 0; i < 4; i++) {
            sim.advance(i == 0 ? Duration.ZERO : Duration.ofMinutes(1));
            Twin t = hub.twins().get(d);
            seen.add(t.reported().getString("firmware.state").orElse("") + "/"
                    + t.reported().getLong("firmware.progress").orElse(-1L) + "/"
                    + t.reported().getString("firmware.version").orElse(""));
        }
        assertThat(seen).containsExactly("downloading/0/1.0", "installing/33/1.0", "installing/66/1.0",
                "current/100/2.0");
        assertThat(hub.twins().get(d).reported().contains("firmware.target")).isFalse();
    }

    @Test
    void firmwareAgent_failOn_reportsFailureAndKeepsVersion() {
        DeviceId good = DeviceId.of("good");
        DeviceId bad = DeviceId.of("bad");
        sim.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(1))
                .failOn(Set.of(bad)::contains).build());
        sim.addDevice(good, PropertyTree.empty(), runs("1.0"));
        sim.addDevice(bad, PropertyTree.empty(), runs("1.0"));
        target(good, "2.0");
        target(bad, "2.0");
        sim.advance(Duration.ofMinutes(2));
        assertThat(version(good)).isEqualTo("2.0");
        assertThat(state(bad)).isEqualTo(FirmwareAgent.FAILED);
        assertThat(version(bad)).isEqualTo("1.0");
        assertThat(hub.twins().get(bad).reported().getString("firmware.error")).contains("installation of 2.0 failed");
    }

    @Test
    void firmwareAgent_failureProbability_isSeeded() {
        sim.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofSeconds(30)).failureProbability(0.25)
                .build());
        for (int i = 0; i < 400; i++) {
            sim.addDevice(DeviceId.of("d" + i), PropertyTree.empty(), runs("1.0"));
            target(DeviceId.of("d" + i), "2.0");
        }
        sim.advance(Duration.ofMinutes(1));
        long failed = 0;
        for (int i = 0; i < 400; i++) {
            failed += state(DeviceId.of("d" + i)).equals(FirmwareAgent.FAILED) ? 1 : 0;
        }
        assertThat(failed).isBetween(70L, 130L);
    }

    @Test
    void firmwareAgent_silentDevice_neverReports() {
        DeviceId quiet = DeviceId.of("quiet");
        sim.defaultBehaviour(FirmwareAgent.builder().silentOn(quiet::equals).build());
        sim.addDevice(quiet, PropertyTree.empty(), runs("1.0"));
        long reportedVersion = hub.twins().get(quiet).reportedVersion();
        target(quiet, "2.0");
        sim.advance(Duration.ofHours(1));
        assertThat(hub.twins().get(quiet).reportedVersion()).isEqualTo(reportedVersion);
    }

    @Test
    void firmwareAgent_offlineMidUpdate_catchesUpOnReconnect() {
        DeviceId flaky = DeviceId.of("flaky");
        FirmwareAgent agent = FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).build();
        sim.behaviour(flaky, FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .offlineOn(flaky::equals).build());
        sim.addDevice(flaky, PropertyTree.empty(), runs("1.0"));
        target(flaky, "2.0");
        sim.advance(Duration.ofMinutes(5));
        assertThat(sim.isOnline(flaky)).isFalse();
        assertThat(hub.twins().get(flaky).connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(state(flaky)).isEqualTo(FirmwareAgent.INSTALLING);
        sim.behaviour(flaky, agent);
        sim.setOnline(flaky, true);
        sim.advance(Duration.ofMinutes(3));
        assertThat(version(flaky)).isEqualTo("2.0");
    }

    @Test
    void firmwareAgent_newTargetMidUpdate_supersedes() {
        DeviceId d = DeviceId.of("d1");
        sim.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).build());
        sim.addDevice(d, PropertyTree.empty(), runs("1.0"));
        target(d, "2.0");
        sim.advance(Duration.ofMinutes(1));
        target(d, "3.0");
        sim.advance(Duration.ofMinutes(5));
        assertThat(version(d)).isEqualTo("3.0");
        assertThat(state(d)).isEqualTo(FirmwareAgent.CURRENT);
    }

    @Test
    void methods_reachOnlineDevicesOnly_andTimeOut() {
        DeviceId d = DeviceId.of("d1");
        sim.behaviour(d, new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                Duration latency = invocation.methodName().equals("slow") ? Duration.ofSeconds(60) : Duration.ZERO;
                return new MethodAnswer(new MethodResult(200, "{\"ok\":true}"), latency);
            }
        });
        sim.addDevice(d, PropertyTree.empty(), PropertyTree.empty());
        assertThat(hub.methods().invoke(d, MethodInvocation.of("reboot", "null")).status()).isEqualTo(200);
        assertThatThrownBy(() -> hub.methods().invoke(d, MethodInvocation.of("slow", "null")))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("within 30 s");
        sim.setOnline(d, false);
        assertThatThrownBy(() -> hub.methods().invoke(d, MethodInvocation.of("reboot", "null")))
                .isInstanceOf(DeviceNotOnlineException.class);
    }

    @Test
    void attach_twice_refused() {
        assertThatThrownBy(() -> FleetSimulator.attach(hub)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void advance_onSystemClock_refused() {
        FleetSimulator real = FleetSimulator.attach(EmbeddedHub.create());
        assertThatThrownBy(() -> real.advance(Duration.ofSeconds(1))).hasMessageContaining("VirtualClock");
    }
}
