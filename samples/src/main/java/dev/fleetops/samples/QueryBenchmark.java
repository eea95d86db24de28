package dev.fleetops.samples;

import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.CompiledQuery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Query throughput over a million embedded twins: the query engine's compiled condition against a hand-written
 * Java predicate over the same twins, in the same run, for three representative conditions; plus the end-to-end
 * {@code SELECT COUNT()} through the embedded hub's query service. Every timed pass also checks that both sides count
 * the same twins.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.QueryBenchmark
 * -Dexec.args=1000000}
 */
public final class QueryBenchmark {

    private static final PropertyPath FIRMWARE_VERSION = PropertyPath.parse("firmware.version");
    private static final PropertyPath FIRMWARE_STATE = PropertyPath.parse("firmware.state");
    private static final PropertyPath REGION = PropertyPath.of("region");
    private static final PropertyPath MODEL = PropertyPath.of("model");
    private static final PropertyPath BATTERY = PropertyPath.of("battery");

    private QueryBenchmark() {
    }

    private record Case(String name, String condition, Predicate<Twin> handWritten) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional twin count (default 1,000,000) and timed passes (default 7)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        VirtualClock clock = VirtualClock.create();
        SampleFleet fleet = new SampleFleet(1, clock.instant());
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        List<Twin> twins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            twins.add(hub.load(fleet.twin(i)));
        }

        List<Case> cases = List.of(
                new Case("tag equality", "tags.region = 'eu-west'",
                        t -> "eu-west".equals(t.tags().get(REGION).orElse(null))),
                new Case("drift and model set",
                        "properties.reported.firmware.version != properties.desired.firmware.version"
                                + " AND tags.model IN ['th-100', 'gw-10']",
                        t -> {
                            Object reported = t.reported().get(FIRMWARE_VERSION).orElse(null);
                            Object desired = t.desired().get(FIRMWARE_VERSION).orElse(null);
                            if (!(reported instanceof String) || !(desired instanceof String)
                                    || reported.equals(desired)) {
                                return false;
                            }
                            Object model = t.tags().get(MODEL).orElse(null);
                            return "th-100".equals(model) || "gw-10".equals(model);
                        }),
                new Case("battery or missing state",
                        "properties.reported.battery < 20 OR NOT IS_DEFINED(properties.reported.firmware.state)",
                        t -> {
                            Object battery = t.reported().get(BATTERY).orElse(null);
                            return (battery instanceof Number && ((Number) battery).doubleValue() < 20)
                                    || t.reported().get(FIRMWARE_STATE).isEmpty();
                        }));

        System.out.printf("java %s, %d cores; %,d twins; %d timed passes per side (median reported)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), n, passes);
        System.out.printf("%-26s %9s %16s %16s %7s %14s%n", "condition", "matches", "engine twins/s",
                "java twins/s", "ratio", "hub COUNT() ms");
        for (Case c : cases) {
            CompiledQuery query = CompiledQuery.of("SELECT * FROM devices WHERE " + c.condition());
            Predicate<Twin> engine = query::matches;
            long expected = count(twins, c.handWritten());
            for (int w = 0; w < 3; w++) {
                check(c, count(twins, engine), expected);
                count(twins, c.handWritten());
            }
            double[] engineRates = new double[passes];
            double[] javaRates = new double[passes];
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                long m1 = count(twins, engine);
                long t1 = System.nanoTime();
                long m2 = count(twins, c.handWritten());
                long t2 = System.nanoTime();
                check(c, m1, expected);
                check(c, m2, expected);
                engineRates[p] = n / ((t1 - t0) / 1e9);
                javaRates[p] = n / ((t2 - t1) / 1e9);
            }
            double engineMedian = median(engineRates);
            double javaMedian = median(javaRates);
            long t0 = System.nanoTime();
            PropertyTree row = hub.queries().queryRaw("SELECT COUNT() AS n FROM devices WHERE " + c.condition(),
                    PageRequest.first()).items().get(0);
            long hubMillis = (System.nanoTime() - t0) / 1_000_000;
            check(c, row.getLong("n").orElse(-1L), expected);
            System.out.printf("%-26s %9d %,16.0f %,16.0f %7.2f %14d%n", c.name(), expected, engineMedian,
                    javaMedian, engineMedian / javaMedian, hubMillis);
        }
    }

    private static long count(List<Twin> twins, Predicate<Twin> predicate) {
        long n = 0;
        for (int i = 0, size = twins.size(); i < size; i++) {
            if (predicate.test(twins.get(i))) {
                n++;
            }
        }
        return n;
    }

    private static void check(Case c, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(c.name() + ": the engine and the hand-written predicate disagree: "
                    + actual + " vs " + expected + " matches");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
