package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.Pacing;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollouts on the fleet simulator with a virtual clock: the paths through the state machine end to end. */
class RolloutScenarioTest {

    private static final int FLEET = 200;
    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5), Duration.ofHours(1));

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();
    private final RolloutManager manager = RolloutManager.builder(client).listener(events::add).build();

    private static DeviceId id(int i) {
        return DeviceId.of(String.format("th-%04d", i));
    }

    private FleetSimulator sim;

    private void fleet(Predicate<DeviceId> failing) {
        fleet(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).failOn(failing).build());
    }

    private void fleet(dev.fleetops.core.embedded.DeviceBehaviour behaviour) {
        sim = FleetSimulator.attach(hub).defaultBehaviour(behaviour);
        for (int i = 0; i < FLEET; i++) {
            hub.load(Twin.builder(id(i))
                    .tags(PropertyTree.builder().put("model", "th-100").put("region", i % 2 == 0 ? "eu" : "us")
                            .build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .reported(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\",\"state\":\"current\"}}"))
                    .connectionState(ConnectionState.CONNECTED)
                    .build());
        }
    }

    private static RolloutPlan.Builder plan(String id) {
        return RolloutPlan.builder(RolloutId.of(id))
                .target("tags.model = 'th-100'")
                .desired("firmware.version", "2.0")
                .wave(WaveSpec.percent(5, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(30, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2)
                .gates(Gates.strict().withMinimumSample(5))
                .pacing(new Pacing(50, 0.5));
    }

    private long desiredVersion(DeviceId d) {
        return hub.twins().get(d).desiredVersion();
    }

    @Test
    void happyPath_everyWavePasses_everyDeviceVerified_eachPatchedOnce() throws Exception {
        fleet(d -> false);
        long before = desiredVersion(id(0));

        RolloutSnapshot end = manager.begin(plan("fw-2-0").build()).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(end.count(DeviceState.SUCCEEDED)).isEqualTo(FLEET);
        for (int i = 0; i < FLEET; i++) {
            assertThat(hub.twins().get(id(i)).reported().getString("firmware.version")).contains("2.0");
            assertThat(desiredVersion(id(i))).isEqualTo(before + 1); // patched exactly once
        }
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.WaveStarted)
                .extracting(e -> ((RolloutEvent.WaveStarted) e).devices()).containsExactly(10, 50, 140);
    }

    @Test
    void failingCanary_rollsBackAutomatically_andTouchesNoOtherDevice() throws Exception {
        Set<DeviceId> canaries = Set.of(id(3), id(77), id(150), id(151), id(199));
        fleet(d -> d.equals(id(77)));
        long before = desiredVersion(id(0));

        RolloutSnapshot end = manager.begin(plan("fw-2-0-canary").canaries(canaries.toArray(new DeviceId[0]))
                .build()).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(end.count(DeviceState.ROLLED_BACK)).isEqualTo(5);
        for (DeviceId c : canaries) {
            assertThat(hub.twins().get(c).desired().getString("firmware.version")).contains("1.0");
        }
        for (int i = 0; i < FLEET; i++) {
            if (!canaries.contains(id(i))) {
                assertThat(desiredVersion(id(i))).isEqualTo(before); // never touched
            }
        }
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.GateDecided.class,
                g -> assertThat(g.result().evidence()).contains("1 of")));
    }

    @Test
    void rollback_leavesAValueSomeoneElseWroteSince_andReportsTheConflict() throws Exception {
        fleet(d -> d.equals(id(3)));
        RolloutHandle h = manager.begin(plan("fw-conflict").canaries(id(3), id(4), id(5), id(6), id(7)).build());
        // run until the canaries are patched, then an operator pins one of them to another version
        while (h.snapshot().count(DeviceState.APPLIED) + h.snapshot().count(DeviceState.SUCCEEDED) < 5) {
            h.step();
        }
        hub.twins().patch(id(5), TwinPatch.builder().desired("firmware.version", "9.9").build(), ETag.ANY);

        RolloutSnapshot end = h.await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(end.count(DeviceState.CONFLICT)).isEqualTo(1);
        assertThat(hub.twins().get(id(5)).desired().getString("firmware.version")).contains("9.9");
        assertThat(hub.twins().get(id(4)).desired().getString("firmware.version")).contains("1.0");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.RollbackConflict.class,
                c -> assertThat(c.paths()).containsExactly("firmware.version")));
    }

    @Test
    void manualApproval_waitsBeforeTheWave_andGoesOnWhenApproved() throws Exception {
        fleet(d -> false);
        RolloutHandle h = manager.begin(plan("fw-approve").gates(Gates.strict().withMinimumSample(5)
                .withApprovalBefore(1)).build());

        RolloutSnapshot waiting = h.await(Duration.ofHours(12));
        assertThat(waiting.state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThat(waiting.wave()).isEqualTo(1);
        assertThat(waiting.count(DeviceState.SUCCEEDED)).isEqualTo(10);

        h.approve();
        assertThat(h.await(Duration.ofHours(12)).state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void pauseStopsNewPatches_resumeContinues_attachAfterARestartFinishes() throws Exception {
        fleet(d -> false);
        RolloutPlan plan = plan("fw-pause").build();
        RolloutHandle h = manager.begin(plan);
        h.step();
        h.step();
        h.pause();
        long applied = h.snapshot().count(DeviceState.APPLIED) + h.snapshot().count(DeviceState.SUCCEEDED);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            h.step();
        }
        RolloutSnapshot paused = h.snapshot();
        assertThat(paused.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.count(DeviceState.APPLIED) + paused.count(DeviceState.SUCCEEDED)).isEqualTo(applied);
        h.resume();

        // a new manager on the same store, as after a restart, finishes it
        RolloutManager restarted = RolloutManager.builder(client).store(storeOf(manager)).build();
        assertThat(restarted.attach(plan).await(Duration.ofHours(12)).state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    private static dev.fleetops.rollout.spi.RolloutStore storeOf(RolloutManager m) {
        return m.store();
    }

    @Test
    void abort_stopsForGood_leavingDevicesAsTheyAre() throws Exception {
        fleet(d -> false);
        RolloutHandle h = manager.begin(plan("fw-abort").build());
        h.step();
        h.step();
        RolloutSnapshot aborted = h.abort();
        long touched = aborted.count(DeviceState.APPLIED) + aborted.count(DeviceState.SUCCEEDED);
        clock.advance(Duration.ofHours(1));

        assertThat(h.await(Duration.ofHours(1)).state()).isEqualTo(RolloutState.ABORTED);
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < FLEET; i++) {
            versions.add(desiredVersion(id(i)));
        }
        assertThat(versions.stream().filter(v -> v == 2L).count()).isEqualTo(touched);
    }

    @Test
    void silentDevices_timeOut_andCountAgainstTheBudget() throws Exception {
        Set<DeviceId> silent = Set.of(id(10), id(11));
        fleet(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2)).silentOn(silent::contains).build());
        RolloutHandle h = manager.begin(plan("fw-timeout").canaries(id(10), id(11), id(12), id(13), id(14))
                .gates(Gates.strict().withMinimumSample(3).withFailureBudget(2, 0.5).withSuccessThreshold(0.5))
                .build());

        RolloutSnapshot end = h.await(Duration.ofHours(12));

        assertThat(end.count(DeviceState.TIMED_OUT)).isEqualTo(2);
        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED); // two timeouts are within the budget of two
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.DeviceChanged.class,
                c -> {
                    assertThat(c.state()).isEqualTo(DeviceState.TIMED_OUT);
                    assertThat(c.note()).contains("PT1H");
                }));
    }

    @Test
    void aDeviceThatAppliesButFailsDuringItsSoak_isFailed_notVerified() throws Exception {
        // reports 2.0 after a minute, then, two minutes later (inside the 5-minute soak), reports a failure
        fleet(new dev.fleetops.core.embedded.DeviceBehaviour() {
            @Override
            public void onDesiredChange(dev.fleetops.core.embedded.DeviceContext device, Twin twin) {
                if (!"2.0".equals(twin.desired().getString("firmware.version").orElse(""))) {
                    return;
                }
                device.schedule(Duration.ofMinutes(1), ctx -> ctx.report(PropertyTree.parse(
                        "{\"firmware\":{\"version\":\"2.0\",\"state\":\"current\"}}")));
                if (device.id().equals(id(20))) {
                    device.schedule(Duration.ofMinutes(3), ctx -> ctx.report(PropertyTree.parse(
                            "{\"firmware\":{\"state\":\"failed\"}}")));
                }
            }
        });

        RolloutSnapshot end = manager.begin(plan("fw-soak").canaries(id(20), id(21), id(22), id(23), id(24))
                .build()).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.DeviceChanged.class,
                c -> {
                    assertThat(c.device()).isEqualTo(id(20));
                    assertThat(c.state()).isEqualTo(DeviceState.FAILED);
                }));
        assertThat(events).noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.DeviceChanged.class,
                c -> {
                    assertThat(c.device()).isEqualTo(id(20));
                    assertThat(c.state()).isEqualTo(DeviceState.SUCCEEDED);
                }));
    }

    @Test
    void offlineDevices_areSkippedWhenThePlanSaysSo_andDoNotCountTowardTheGates() throws Exception {
        fleet(d -> false);
        sim.setOnline(id(30), false);
        sim.setOnline(id(31), false);

        RolloutSnapshot end = manager.begin(plan("fw-offline").canaries(id(30), id(31), id(32), id(33), id(34),
                id(35), id(36)).offline(dev.fleetops.rollout.model.OfflinePolicy.SKIP).build())
                .await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(end.count(DeviceState.SKIPPED)).isEqualTo(2);
        assertThat(hub.twins().get(id(30)).desired().getString("firmware.version")).contains("1.0");
        assertThat(end.count(DeviceState.SUCCEEDED)).isEqualTo(FLEET - 2);
    }

    @Test
    void maintenanceWindow_noDeviceIsPatchedOutsideIt() throws Exception {
        fleet(d -> false);
        // the virtual clock starts at 2026-01-01T00:00Z; the window opens at 02:00 Berlin time (01:00Z) for 3 hours
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        dev.fleetops.rollout.model.MaintenanceWindow window = dev.fleetops.rollout.model.MaintenanceWindow.daily(
                berlin, java.time.LocalTime.of(2, 0), Duration.ofHours(3));
        List<java.time.Instant> applied = new CopyOnWriteArrayList<>();
        RolloutManager m = RolloutManager.builder(client).listener(e -> {
            if (e instanceof RolloutEvent.DeviceApplied) {
                applied.add(e.at());
            }
        }).build();

        RolloutSnapshot end = m.begin(plan("fw-window").window(window).build()).await(Duration.ofDays(3));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(applied).hasSize(FLEET).allMatch(window::isOpen);
    }

    @Test
    void overlappingRollouts_areRefused_namingTheOtherThePathAndADevice() throws Exception {
        fleet(d -> false);
        manager.begin(plan("fw-first").build());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> manager.begin(plan("fw-second")
                .target("tags.region = 'eu'").build()))
                .isInstanceOfSatisfying(RolloutConflictException.class, e -> {
                    assertThat(e.other()).isEqualTo(RolloutId.of("fw-first"));
                    assertThat(e.path()).isEqualTo("firmware.version");
                    assertThat(e.getMessage()).contains("fw-first").contains("firmware.version")
                            .contains(e.exampleDevice().value());
                });
        // another path, or targets that do not meet, are fine
        manager.begin(RolloutPlan.builder(RolloutId.of("config-eu")).target("tags.region = 'eu'")
                .desired("telemetry.interval", 60).wave(WaveSpec.percent(100, Duration.ZERO)).verdict(FW2).build());
        manager.begin(plan("fw-other-model").target("tags.model = 'gw-10'").build());
    }

    @Test
    void aRolloutThatEnded_releasesItsPaths() throws Exception {
        fleet(d -> false);
        assertThat(manager.begin(plan("fw-a").build()).await(Duration.ofHours(12)).state())
                .isEqualTo(RolloutState.SUCCEEDED);

        assertThat(manager.begin(plan("fw-b").build()).snapshot().state()).isEqualTo(RolloutState.PLANNED);
    }

    @Test
    void healthGates_inconclusiveWaits_failRollsBack_andEveryVerbIsAudited() throws Exception {
        fleet(d -> false);
        List<dev.fleetops.core.call.AuditRecord> audit = new CopyOnWriteArrayList<>();
        FleetClient audited = FleetClient.builder().hub(hub).clock(clock).auditSink(audit::add)
                .operator(dev.fleetops.core.call.Operator.of("rita", dev.fleetops.core.call.Role.OPERATOR)).build();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        dev.fleetops.rollout.model.HealthGate errorRate = new dev.fleetops.rollout.model.HealthGate() {
            @Override
            public dev.fleetops.rollout.model.GateResult evaluate(dev.fleetops.rollout.model.WaveSummary wave) {
                return asked.incrementAndGet() < 3
                        ? dev.fleetops.rollout.model.GateResult.inconclusive("telemetry not in yet")
                        : dev.fleetops.rollout.model.GateResult.fail("error rate 4.1% > 2% over 15 min");
            }

            @Override
            public String name() {
                return "error-rate";
            }
        };
        RolloutManager m = RolloutManager.builder(audited).listener(events::add).build();

        RolloutSnapshot end = m.begin(plan("fw-health").gates(Gates.strict().withMinimumSample(5)
                .withHealthGates(errorRate)).build()).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(asked.get()).isEqualTo(3);
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.GateDecided)
                .extracting(e -> ((RolloutEvent.GateDecided) e).gate() + ":"
                        + ((RolloutEvent.GateDecided) e).result().status())
                .containsSubsequence("error-rate:INCONCLUSIVE", "error-rate:INCONCLUSIVE", "error-rate:FAIL");
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.action().id()).isEqualTo("rollout.begin");
            assertThat(r.operator().name()).isEqualTo("rita");
            assertThat(r.attributes()).containsEntry("rollout", "fw-health");
        });
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.action().id()).isEqualTo("twin.patch");
            assertThat(r.attributes()).containsEntry("rollout", "fw-health").containsEntry("wave", "0");
        });
    }

    @Test
    void aReaderMayNotBeginARollout() {
        fleet(d -> false);
        dev.fleetops.core.call.RolePermissions permissions = dev.fleetops.core.call.Authorizer.roleBased()
                .grant(dev.fleetops.core.call.Role.OPERATOR, "rollout.*");
        FleetClient reader = FleetClient.builder().hub(hub).clock(clock).authorizer(permissions)
                .operator(dev.fleetops.core.call.Operator.of("rob", dev.fleetops.core.call.Role.READER)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RolloutManager.builder(reader).build()
                .begin(plan("fw-denied").build()))
                .isInstanceOf(dev.fleetops.core.error.AccessDeniedException.class)
                .hasMessageContaining("rollout.begin");
        FleetClient operator = reader.as(dev.fleetops.core.call.Operator.of("olga",
                dev.fleetops.core.call.Role.OPERATOR));
        assertThat(RolloutManager.builder(operator).build().begin(plan("fw-allowed").build()).snapshot().state())
                .isEqualTo(RolloutState.PLANNED);
    }

    @Test
    void typedListener_hearsEachKindOnItsOwnMethod() throws Exception {
        fleet(d -> d.equals(id(3)));
        List<String> heard = new CopyOnWriteArrayList<>();
        RolloutManager m = RolloutManager.builder(client).listener(new TypedRolloutListener() {
            @Override
            public void onWaveStarted(RolloutEvent.WaveStarted event) {
                heard.add("wave " + event.wave());
            }

            @Override
            public void onGateDecided(RolloutEvent.GateDecided event) {
                heard.add("gate " + event.result().status());
            }

            @Override
            public void onStateChanged(RolloutEvent.StateChanged event) {
                heard.add(event.to().name());
            }
        }).build();

        m.begin(plan("fw-typed").canaries(id(3), id(4), id(5), id(6), id(7)).build()).await(Duration.ofHours(12));

        // the failed canary exceeds the budget while the wave runs: it fails before baking
        assertThat(heard).containsSubsequence("RUNNING", "wave 0", "gate FAIL", "ROLLING_BACK",
                "ROLLED_BACK");
    }

    @Test
    void queryLag_aFailureTheIndexShowsLateStillFailsTheWave_andNoDeviceIsPatchedTwice() throws Exception {
        hub.setQueryLag(Duration.ofMinutes(4));
        Set<DeviceId> canaries = Set.of(id(3), id(77), id(150), id(151), id(199));
        fleet(d -> d.equals(id(77)));
        clock.advance(Duration.ofMinutes(10)); // the fleet existed before the rollout: the index shows it
        long before = desiredVersion(id(0));

        RolloutSnapshot end = manager.begin(plan("fw-lag").canaries(canaries.toArray(new DeviceId[0])).build())
                .await(Duration.ofHours(12));

        // the wave closes only once the index shows every patch and its verdict, so the failure is seen
        assertThat(end.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(end.count(DeviceState.ROLLED_BACK)).isEqualTo(5);
        for (int i = 0; i < FLEET; i++) {
            // canaries: patched once, restored once; the others never touched
            assertThat(desiredVersion(id(i))).as(id(i).value()).isEqualTo(canaries.contains(id(i)) ? before + 2
                    : before);
        }
    }

    @Test
    void throttling_isSurfacedAsEvents_whileTheClientRetriesIt() throws Exception {
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(dev.fleetops.core.model.HubTier.s1(1)).build();
        FleetClient unpaced = FleetClient.builder().hub(s1).clock(clock).build(); // no tier: no pacing
        List<RolloutEvent> heard = new CopyOnWriteArrayList<>();
        FleetSimulator.attach(s1).defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .build());
        for (int i = 0; i < FLEET; i++) {
            s1.load(Twin.builder(id(i)).tags(PropertyTree.builder().put("model", "th-100").build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
        RolloutPlan p = plan("fw-throttled").pacing(new Pacing(200, 1)).build();

        RolloutSnapshot end = RolloutManager.builder(unpaced).listener(heard::add).build().begin(p)
                .await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(heard).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RolloutEvent.Throttled.class,
                t -> assertThat(t.throttled()).isPositive()));
    }

    @Test
    void quotaShare_keepsThePatchesWithinTheirShareOfTheTierQuota_onAverageAndInEverySecond() throws Exception {
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(dev.fleetops.core.model.HubTier.s1(1)).build();
        FleetClient paced = FleetClient.builder().hub(s1).clock(clock).tier(dev.fleetops.core.model.HubTier.s1(1))
                .build();
        FleetSimulator.attach(s1).defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(2))
                .build());
        int devices = 3000;
        for (int i = 0; i < devices; i++) {
            s1.load(Twin.builder(id(i)).tags(PropertyTree.builder().put("model", "th-100").build())
                    .desired(PropertyTree.parse("{\"firmware\":{\"version\":\"1.0\"}}"))
                    .connectionState(ConnectionState.CONNECTED).build());
        }
        clock.advance(Duration.ofMinutes(1));
        List<java.time.Instant> applied = new CopyOnWriteArrayList<>();
        RolloutPlan p = RolloutPlan.builder(RolloutId.of("fw-share")).target("tags.model = 'th-100'")
                .desired("firmware.version", "2.0").wave(WaveSpec.percent(100, Duration.ZERO)).verdict(FW2)
                .gates(Gates.strict()).pacing(new Pacing(devices, 0.5)).build();

        RolloutSnapshot end = RolloutManager.builder(paced).listener(e -> {
            if (e instanceof RolloutEvent.DeviceApplied) {
                applied.add(e.at());
            }
        }).build().begin(p).await(Duration.ofHours(12));

        assertThat(end.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(applied).hasSize(devices);
        double seconds = Duration.between(applied.get(0), applied.get(devices - 1)).toMillis() / 1000.0;
        double rate = devices / seconds;
        // half of S1's 50 twin updates a second, on average; never more than the quota in a second
        assertThat(rate).isBetween(20.0, 26.0);
        java.util.Map<Long, Long> perSecond = new java.util.HashMap<>();
        applied.forEach(t -> perSecond.merge(t.getEpochSecond(), 1L, Long::sum));
        assertThat(perSecond.values()).allMatch(n -> n <= 50);
    }

    @Test
    void operatorVerbs_areAuditedWithTheRolloutAndItsCurrentWave() throws Exception {
        fleet(d -> false);
        List<dev.fleetops.core.call.AuditRecord> audit = new CopyOnWriteArrayList<>();
        FleetClient audited = FleetClient.builder().hub(hub).clock(clock).auditSink(audit::add)
                .operator(dev.fleetops.core.call.Operator.of("rita", dev.fleetops.core.call.Role.OPERATOR)).build();
        RolloutHandle h = RolloutManager.builder(audited).build().begin(plan("fw-verbs").gates(Gates.strict()
                .withMinimumSample(5).withApprovalBefore(1)).build());
        RolloutSnapshot waiting = h.await(Duration.ofHours(12));
        assertThat(waiting.state()).isEqualTo(RolloutState.AWAITING_APPROVAL);

        h.approve();
        h.step();
        h.pause();
        h.resume();
        h.abort();

        for (String verb : List.of("rollout.approve", "rollout.pause", "rollout.resume", "rollout.abort")) {
            assertThat(audit).as(verb).anySatisfy(r -> {
                assertThat(r.action().id()).isEqualTo(verb);
                assertThat(r.operator().name()).isEqualTo("rita");
                assertThat(r.attributes()).containsEntry("rollout", "fw-verbs").containsEntry("wave", "1");
            });
        }
    }
}
