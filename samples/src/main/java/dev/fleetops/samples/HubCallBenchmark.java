package dev.fleetops.samples;

import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures what one embedded-hub call costs as finished jobs pile up: the median of several passes of
 * {@code twins().get} calls, on a hub holding 1,000 devices, before and after 20,000 jobs have run to the end and
 * are retained (IoT Hub keeps finished jobs for 30 days). A call's due-work check must not grow with them.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.HubCallBenchmark
 * -Dexec.args="20000 200000"}
 */
public final class HubCallBenchmark {

    private HubCallBenchmark() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional finished-job count (default 20,000) and calls per pass (default 200,000)
     */
    public static void main(String[] args) {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        EmbeddedHub hub = EmbeddedHub.builder().clock(Clock.systemUTC()).build();
        SampleFleet fleet = new SampleFleet(1, Instant.now());
        for (int i = 0; i < 1000; i++) {
            Twin t = fleet.twin(i);
            hub.load(t);
        }
        DeviceId probe = fleet.twin(7).deviceId();
        double before = medianMicros(hub, probe, calls);
        TwinPatch patch = TwinPatch.builder().desired("noop", 1).build();
        for (int j = 0; j < jobs; j++) {
            // a condition no device matches: the job is selected, finds nobody and completes on the next call
            hub.jobs().scheduleTwinUpdate("done-" + j, "tags.nobody = true", patch, Instant.now(),
                    Duration.ofMinutes(1));
        }
        hub.runDueWork();
        long finished = hub.jobs().list(dev.fleetops.core.model.JobFilter.all()
                .withStatus(dev.fleetops.core.model.JobStatus.COMPLETED), dev.fleetops.core.model.PageRequest.first(1))
                .items().size();
        double after = medianMicros(hub, probe, calls);
        System.out.printf("java %s, %d cores; 1,000 devices; %,d calls per pass, median of 5 passes%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), calls);
        System.out.printf("twins().get with no jobs:                  %.2f us per call%n", before);
        System.out.printf("twins().get with %,d finished jobs kept: %.2f us per call (a completed job listed: %s)%n",
                jobs, after, finished == 1 ? "yes" : "no");
    }

    private static double medianMicros(EmbeddedHub hub, DeviceId id, int calls) {
        for (int i = 0; i < calls; i++) {
            hub.twins().get(id); // warm-up
        }
        double[] passes = new double[5];
        for (int p = 0; p < passes.length; p++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                hub.twins().get(id);
            }
            passes[p] = (System.nanoTime() - start) / 1000.0 / calls;
        }
        java.util.Arrays.sort(passes);
        return passes[passes.length / 2];
    }
}
