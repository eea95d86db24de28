package dev.fleetops.testkit;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.WaveSummary;
import dev.fleetops.rollout.spi.RolloutStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RolloutStore} must do, whatever it stores in: records read back exactly, writes that are
 * compare-and-set on the version (no lost update under concurrent writers), device progress saved all or nothing,
 * devices read by wave and state and counted, wave tallies kept.
 * A store implementation extends this class once and says how to make a fresh, empty store.
 */
public abstract class RolloutStoreCompatibilityKit {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final RolloutId R = RolloutId.of("fw-2-0");

    /** The store under test, fresh for each test. */
    protected RolloutStore store;

    /**
     * Creates a fresh, empty store.
     *
     * @return the store
     */
    protected abstract RolloutStore create();

    @BeforeEach
    void openStore() {
        store = create();
    }

    private static RolloutRecord planned(RolloutId id) {
        return new RolloutRecord(id, "a".repeat(64), RolloutState.PLANNED, 0, T0, "planned", -1, 0,
                "tags.model = 'th-100'", List.of("firmware.version", "firmware.url"));
    }

    @Test
    void create_thenFind_readsTheRecordBackExactly() {
        RolloutRecord r = planned(R);

        assertThat(store.create(r)).isTrue();

        assertThat(store.find(R)).contains(r);
        assertThat(store.find(RolloutId.of("nobody"))).isEmpty();
    }

    @Test
    void create_twice_isRefused_andKeepsTheFirst() {
        store.create(planned(R));
        RolloutRecord other = new RolloutRecord(R, "b".repeat(64), RolloutState.PLANNED, 0, T0, "", -1, 0,
                "tags.a = 1", List.of("x"));

        assertThat(store.create(other)).isFalse();
        assertThat(store.find(R).orElseThrow().planHash()).isEqualTo("a".repeat(64));
    }

    @Test
    void update_isACompareAndSetOnTheVersion() {
        RolloutRecord r = planned(R);
        store.create(r);
        RolloutRecord running = r.moveTo(RolloutState.RUNNING, 0, T0.plusSeconds(5), "wave 0 started");

        assertThat(store.update(running, 0)).isTrue();
        assertThat(store.update(r.moveTo(RolloutState.ABORTED, 0, T0, "stale"), 0)).isFalse(); // a stale writer
        assertThat(store.find(R)).contains(running);
        assertThat(store.update(planned(RolloutId.of("unknown")), 0)).isFalse();
    }

    @Test
    void concurrentWriters_loseNoUpdate() throws Exception {
        store.create(planned(R));
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        while (true) {
                            RolloutRecord read = store.find(R).orElseThrow();
                            if (store.update(read.approved(read.approvedWave() + 1), read.version())) {
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        RolloutRecord end = store.find(R).orElseThrow();
        assertThat(end.version()).isEqualTo(threads * each);
        assertThat(end.approvedWave()).isEqualTo(threads * each - 1);
    }

    @Test
    void list_holdsEveryRollout_inIdOrder() {
        store.create(planned(RolloutId.of("b")));
        store.create(planned(RolloutId.of("a")));
        store.create(planned(RolloutId.of("c")));

        assertThat(store.list()).extracting(RolloutRecord::id)
                .containsExactly(RolloutId.of("a"), RolloutId.of("b"), RolloutId.of("c"));
    }

    @Test
    void devices_saveAndReadBack_inDeviceIdOrder_withTheirPreviousValuesExactly() {
        store.create(planned(R));
        PropertyTree previous = PropertyTree.empty().with("firmware.version", "1.0")
                .with("firmware.url", JsonNull.INSTANCE);
        DeviceProgress applied = DeviceProgress.pending(DeviceId.of("d2"), 0).withPrevious(previous)
                .appliedAt(T0.plusSeconds(30));
        DeviceProgress pending = DeviceProgress.pending(DeviceId.of("d1"), 1);

        store.saveDevices(R, List.of(applied, pending));

        assertThat(store.devices(R)).containsExactly(pending, applied);
        assertThat(store.device(R, DeviceId.of("d2"))).contains(applied);
        assertThat(store.device(R, DeviceId.of("d2")).orElseThrow().previous().get("firmware.url"))
                .contains(JsonNull.INSTANCE);
        assertThat(store.device(R, DeviceId.of("d9"))).isEmpty();
        assertThat(store.devices(RolloutId.of("unknown"))).isEmpty();
    }

    @Test
    void devices_replacedBySaveOfTheSameDevice() {
        store.create(planned(R));
        DeviceProgress p = DeviceProgress.pending(DeviceId.of("d1"), 0);
        store.saveDevices(R, List.of(p));

        DeviceProgress skipped = p.moveTo(DeviceState.SKIPPED, "offline");
        store.saveDevices(R, List.of(skipped));

        assertThat(store.devices(R)).containsExactly(skipped);
    }

    @Test
    void saveDevices_withADuplicateOrForAnUnknownRollout_isRefusedWhole() {
        store.create(planned(R));
        DeviceProgress a = DeviceProgress.pending(DeviceId.of("d1"), 0);
        DeviceProgress b = DeviceProgress.pending(DeviceId.of("d2"), 0);

        assertThatThrownBy(() -> store.saveDevices(R, List.of(a, b, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d1");
        assertThat(store.devices(R)).isEmpty(); // nothing of the refused save

        assertThatThrownBy(() -> store.saveDevices(RolloutId.of("unknown"), List.of(a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown");
    }

    @Test
    void devicesOfAWaveInAState_comeInTheOrderTheyEnteredIt_upToTheLimit_andFollowEveryChange() {
        store.create(planned(R));
        List<DeviceProgress> all = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            all.add(DeviceProgress.pending(DeviceId.of("d" + i), i % 2));
        }
        store.saveDevices(R, all);

        assertThat(store.devices(R, 0, DeviceState.PENDING, 3)).extracting(d -> d.device().value())
                .containsExactly("d8", "d6", "d4");
        assertThat(store.devices(R, 1, DeviceState.PENDING, 100)).hasSize(5);
        assertThat(store.devices(R, 2, DeviceState.PENDING, 100)).isEmpty();

        // saved again in the same state: keeps its place; moved to another state: leaves this one's order
        DeviceProgress recorded = store.device(R, DeviceId.of("d8")).orElseThrow()
                .withPrevious(PropertyTree.empty().with("firmware.version", "1.0"));
        DeviceProgress moved = store.device(R, DeviceId.of("d6")).orElseThrow().moveTo(DeviceState.SKIPPED, "");
        store.saveDevices(R, List.of(recorded, moved));
        assertThat(store.devices(R, 0, DeviceState.PENDING, 3)).containsExactly(recorded,
                store.device(R, DeviceId.of("d4")).orElseThrow(), store.device(R, DeviceId.of("d2")).orElseThrow());
        assertThat(store.devices(R, 0, DeviceState.SKIPPED, 3)).containsExactly(moved);
        assertThatThrownBy(() -> store.devices(R, 0, DeviceState.PENDING, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void counts_byStateForOneWaveOrAll() {
        store.create(planned(R));
        store.saveDevices(R, List.of(DeviceProgress.pending(DeviceId.of("a"), 0),
                DeviceProgress.pending(DeviceId.of("b"), 0).moveTo(DeviceState.SKIPPED, "offline"),
                DeviceProgress.pending(DeviceId.of("c"), 1)));

        assertThat(store.counts(R, 0)).containsEntry(DeviceState.PENDING, 1L)
                .containsEntry(DeviceState.SKIPPED, 1L).doesNotContainKey(DeviceState.APPLIED);
        assertThat(store.counts(R, -1)).containsEntry(DeviceState.PENDING, 2L);
        assertThat(store.counts(R, 5)).isEmpty();
        assertThat(store.counts(RolloutId.of("unknown"), -1)).isEmpty();
    }

    @Test
    void summaries_areReplacedByWave_andReadInWaveOrder() {
        store.create(planned(R));
        WaveSummary w1 = new WaveSummary(R, 1, 100, 90, 5, 5, 0, T0);
        WaveSummary w0 = new WaveSummary(R, 0, 10, 10, 0, 0, 0, T0);
        store.saveSummary(w1);
        store.saveSummary(w0);
        WaveSummary w1b = new WaveSummary(R, 1, 100, 95, 5, 0, 0, T0.plusSeconds(60));
        store.saveSummary(w1b);

        assertThat(store.summaries(R)).containsExactly(w0, w1b);
        assertThat(store.summaries(RolloutId.of("unknown"))).isEmpty();
        assertThatThrownBy(() -> store.saveSummary(new WaveSummary(RolloutId.of("unknown"), 0, 1, 1, 0, 0, 0, T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown");
    }
}
