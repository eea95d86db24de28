package dev.fleetops.core.internal;

import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.FakeHub;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.RecordingAuditSink;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {

    private final VirtualClock clock = VirtualClock.create();

    private static TwinPatch patch(int i) {
        return TwinPatch.builder().desired("counter", i).build();
    }

    @Test
    void pacing_twinUpdatesOnS1_neverMoreThan50InAnyOneSecondWindow() {
        HubTier s1 = HubTier.s1(1);
        FakeHub hub = new FakeHub(clock).withDevices(10)
                .throttle(OperationClass.TWIN_UPDATE, s1.quota(OperationClass.TWIN_UPDATE));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(s1)
                .auditSink(new RecordingAuditSink()).build();
        Instant start = clock.instant();

        for (int i = 0; i < 500; i++) {
            client.twins().patch(DeviceId.of(String.format("dev-%04d", i % 10)), patch(i));
        }

        assertThat(hub.maxInWindow(OperationClass.TWIN_UPDATE, Duration.ofSeconds(1))).isEqualTo(50);
        // 500 updates at 50/s: the first goes at once, the others 20 ms apart.
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(499 * 20));
        CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
        assertThat(updates.calls()).isEqualTo(500);
        assertThat(updates.attempts()).isEqualTo(500);
        assertThat(updates.throttled()).isZero();
        assertThat(updates.retries()).isZero();
        assertThat(updates.pacingWait()).isEqualTo(Duration.ofMillis(499 * 20));
        assertThat(client.statistics().total()).isEqualTo(updates);
    }

    @Test
    void pacing_withoutTier_runsIntoTheQuotaAndRetriesThe429s() {
        HubTier s1 = HubTier.s1(1);
        FakeHub hub = new FakeHub(clock).withDevices(10)
                .throttle(OperationClass.TWIN_UPDATE, s1.quota(OperationClass.TWIN_UPDATE));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(new RecordingAuditSink())
                .build();

        for (int i = 0; i < 200; i++) {
            client.twins().patch(DeviceId.of(String.format("dev-%04d", i % 10)), patch(i));
        }

        CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
        assertThat(updates.calls()).isEqualTo(200);
        assertThat(updates.throttled()).isPositive();
        assertThat(updates.attempts()).isEqualTo(200 + updates.retries());
        assertThat(updates.pacingWait()).isZero();
        assertThat(hub.maxInWindow(OperationClass.TWIN_UPDATE, Duration.ofSeconds(1))).isLessThanOrEqualTo(50);
    }

    @Test
    void pacing_queriesOnS1WithHalfTheShare_runAt10PerMinute() {
        FakeHub hub = new FakeHub(clock).withDevices(5);
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(HubTier.s1(1)).pacingShare(0.5)
                .build();
        Instant start = clock.instant();

        for (int i = 0; i < 21; i++) {
            client.queries().twins("SELECT * FROM devices", PageRequest.first());
        }

        assertThat(hub.maxInWindow(OperationClass.QUERY, Duration.ofMinutes(1))).isEqualTo(10);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void pacing_afterIdleTime_allowsABurstUpToTheCapacity() {
        HubTier s1 = HubTier.s1(1);
        FakeHub hub = new FakeHub(clock).withDevices(1);
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(s1).build();
        clock.advance(Duration.ofSeconds(10));
        Instant start = clock.instant();

        for (int i = 0; i < 100; i++) {
            client.twins().get(DeviceId.of("dev-0000"));
        }

        // S1 twin reads: 100/s, so a full bucket serves 100 reads at once.
        assertThat(clock.instant()).isEqualTo(start);
    }

    @Test
    void pacing_manyThreads_allCallsSucceedAndStatisticsAddUp() throws Exception {
        HubTier s1 = HubTier.s1(1);
        FakeHub hub = new FakeHub(clock).withDevices(8)
                .throttle(OperationClass.TWIN_UPDATE, s1.quota(OperationClass.TWIN_UPDATE));
        FleetClient client = FleetClient.builder().hub(hub).clock(clock).tier(s1)
                .auditSink(new RecordingAuditSink()).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                DeviceId id = DeviceId.of(String.format("dev-%04d", t));
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        client.twins().patch(id, patch(i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < 8; t++) {
            // One version bump per patch: nothing applied twice, nothing lost.
            assertThat(hub.twin(String.format("dev-%04d", t)).version()).isEqualTo(51);
        }
        CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
        assertThat(updates.calls()).isEqualTo(400);
        assertThat(updates.failures()).isZero();
        assertThat(updates.attempts()).isEqualTo(400 + updates.retries());
        assertThat(hub.calls("twins.patch")).isEqualTo((int) updates.attempts());
        // Waits overlap on the virtual clock as in real time: 400 updates at 50/s take about 8 s, not 8 x 8 s.
        assertThat(Duration.between(VirtualClock.create().instant(), clock.instant()))
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void constructor_shareOutOfRange_throws() {
        assertThatThrownBy(() -> new Pacer(HubTier.s1(1), 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(HubTier.s1(1), 1.01, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void amounts_areTheTierTimesTheShare_andModuleClassesUseTheirOwnQuota() {
        Pacer pacer = new Pacer(HubTier.s3(2), 0.5, 0);

        assertThat(pacer.amount(OperationClass.TWIN_UPDATE)).isEqualTo(250);
        assertThat(pacer.amount(OperationClass.REGISTRY)).isEqualTo(5000);
        assertThat(new Pacer(HubTier.s1(1), 0.01, 0).amount(OperationClass.QUERY)).isEqualTo(1);
        OperationClass dps = OperationClass.of("DPS", Quota.perMinute(1000));
        assertThat(pacer.amount(dps)).isEqualTo(500);
        assertThat(pacer.amount(OperationClass.of("UNPACED"))).isZero();
        Pacer untiered = new Pacer(null, 1.0, java.util.Map.of(OperationClass.QUERY, Quota.perMinute(5)), 0);
        assertThat(untiered.amount(OperationClass.QUERY)).isEqualTo(5);
        assertThat(untiered.amount(OperationClass.REGISTRY)).isZero();
        assertThat(untiered.amount(dps)).isEqualTo(1000);
    }
}
