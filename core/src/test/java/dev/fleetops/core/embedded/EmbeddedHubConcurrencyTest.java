package dev.fleetops.core.embedded;

import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded hub under concurrent use: no module twin outlives its device, the device limit holds exactly, a
 * simulator that advances while another thread runs due work waits instead of spinning, and a simulated device's
 * code runs with none of the hub's locks held. Each test passes on a busy machine: it waits on states, not times.
 */
class EmbeddedHubConcurrencyTest {

    private final VirtualClock clock = VirtualClock.create();

    @Test
    void deleteRacingTheLoadOfItsModuleTwins_neverLeavesAModuleBehind() throws Exception {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2_000; i++) {
                DeviceId id = DeviceId.of("d" + i);
                hub.registry().create(Device.of(id));
                CyclicBarrier both = new CyclicBarrier(2);
                Future<?> load = pool.submit(() -> {
                    both.await();
                    try {
                        hub.load(Twin.builder(id).moduleId("m").build());
                    } catch (DeviceNotFoundException gone) {
                        // the delete came first: nothing to leave behind
                    }
                    return null;
                });
                Future<?> delete = pool.submit(() -> {
                    both.await();
                    return hub.registry().delete(id, dev.fleetops.core.model.ETag.ANY);
                });
                load.get(30, TimeUnit.SECONDS);
                delete.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hub.core().devices.keySet()).isEmpty();
    }

    @Test
    void concurrentCreates_neverExceedTheDeviceLimit_andModuleTwinsDoNotCount() throws Exception {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).maxDevices(50).build();
        hub.registry().create(Device.of(DeviceId.of("edge")));
        hub.load(Twin.builder(DeviceId.of("edge")).moduleId("m1").build());
        hub.load(Twin.builder(DeviceId.of("edge")).moduleId("m2").build());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 25; i++) {
                        try {
                            hub.registry().create(Device.of(DeviceId.of("t" + thread + "-" + i)));
                        } catch (QuotaExceededException full) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(50);
        assertThat(refused.get()).isEqualTo(200 - 49);
    }

    @Test
    void advance_whileAnotherThreadRunsDueWork_waitsWithoutSpinning() throws Exception {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        CountDownLatch inBehaviour = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FleetSimulator sim = FleetSimulator.attach(hub).defaultBehaviour(new DeviceBehaviour() {
            @Override
            public void onDesiredChange(DeviceContext device, Twin twin) {
                if (twin.desired().get("hold").isPresent()) {
                    inBehaviour.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        DeviceId id = DeviceId.of("d1");
        sim.addDevice(id, PropertyTree.empty(), PropertyTree.empty());
        hub.twins().patch(id, TwinPatch.builder().desired("hold", true).build(), dev.fleetops.core.model.ETag.ANY);

        Thread first = new Thread(() -> sim.advance(Duration.ofSeconds(1)), "first-advance");
        first.start();
        assertThat(inBehaviour.await(60, TimeUnit.SECONDS)).isTrue();
        Thread second = new Thread(() -> sim.advance(Duration.ofSeconds(1)), "second-advance");
        second.start();
        try {
            // the second advance parks on the hub's lock for due work; a spinning one would stay RUNNABLE
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (second.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(second.getState()).isEqualTo(Thread.State.WAITING);
        } finally {
            release.countDown();
            first.join(60_000);
            second.join(60_000);
        }
        assertThat(second.isAlive()).isFalse();
    }

    @Test
    void aDevicesMethodHandler_runsWithNoHubLockHeld_soItMayCallTheHubFromAnotherThread() throws Exception {
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            FleetSimulator sim = FleetSimulator.attach(hub).defaultBehaviour(new DeviceBehaviour() {
                @Override
                public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                    // another thread reads the job that is calling this device, and this one waits for it
                    Future<ScheduledJob> read = other.submit(() -> hub.jobs().get("reboot"));
                    try {
                        ScheduledJob job = read.get(60, TimeUnit.SECONDS);
                        return MethodAnswer.now(new MethodResult(200, "{\"seen\":\"" + job.status().wireName()
                                + "\"}"));
                    } catch (Exception e) {
                        return MethodAnswer.now(new MethodResult(500, "{\"error\":\"" + e + "\"}"));
                    }
                }
            });
            sim.addDevice(DeviceId.of("a"), PropertyTree.empty(), PropertyTree.empty());
            hub.jobs().scheduleDirectMethod("reboot", "deviceId = 'a'", MethodInvocation.of("reboot", "{}"),
                    clock.instant(), Duration.ofMinutes(5));

            sim.advance(Duration.ofSeconds(1));

            ScheduledJob job = hub.jobs().get("reboot");
            assertThat(job.statistics().succeededCount()).isEqualTo(1);
            assertThat(hub.jobs().deviceResults("reboot", dev.fleetops.core.model.PageRequest.first()).items()
                    .get(0).outcome().map(MethodResult::payloadJson)).contains("{\"seen\":\"running\"}");
        } finally {
            other.shutdownNow();
        }
    }
}
