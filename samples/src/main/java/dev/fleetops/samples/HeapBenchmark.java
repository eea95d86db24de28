package dev.fleetops.samples;

import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.Twin;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;

/**
 * Measures the heap a simulated device costs: an embedded hub with a simulator whose devices run the firmware
 * agent, populated with typical twins (3 tags, 10 desired and 10 reported properties, see {@link SampleFleet}).
 * Prints bytes per device from the used heap after full collections, before and after populating.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.HeapBenchmark
 * -Dexec.args=200000}
 */
public final class HeapBenchmark {

    private HeapBenchmark() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional device count (default 200,000)
     * @throws InterruptedException if interrupted while letting the collector settle
     */
    public static void main(String[] args) throws InterruptedException {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        VirtualClock clock = VirtualClock.create();
        SampleFleet fleet = new SampleFleet(1, clock.instant());
        long jsonBytes = 0;
        for (int i = 0; i < 1000; i++) {
            Twin t = fleet.twin(i);
            jsonBytes += t.tags().toJson().length() + t.desired().toJson().length() + t.reported().toJson().length();
        }

        long before = usedAfterGc();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        FleetSimulator simulator = FleetSimulator.attach(hub)
                .defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(5)).build());
        simulator.populate(devices, fleet::twin);
        long after = usedAfterGc();
        Reference.reachabilityFence(simulator);
        Reference.reachabilityFence(hub);

        double perDevice = (after - before) / (double) devices;
        System.out.printf("java %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("devices: %,d; typical twin JSON (tags+desired+reported): %d bytes%n", devices,
                jsonBytes / 1000);
        System.out.printf("heap used: before %,d bytes, after %,d bytes%n", before, after);
        System.out.printf("heap per simulated device: %.0f bytes (target: at most 2048)%n", perDevice);
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
