package dev.fleetops.core.query;

import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Compares {@link CompiledCondition#matches(Twin)} with hand-written predicates over a synthetic fleet and prints
 * the throughput of each. A program, not a test: run it with
 * {@code java -cp core/target/classes:core/target/test-classes:<deps> dev.fleetops.core.query.QueryMatchBenchmark
 * [twins] [rounds]}.
 */
public final class QueryMatchBenchmark {

    private QueryMatchBenchmark() {
    }

    /**
     * Runs the comparison.
     *
     * @param args optional number of twins (default 1,000,000) and rounds (default 10)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Twin> fleet = fleet(n, new Random(42));
        PropertyPath region = PropertyPath.of("region");
        PropertyPath fwVersion = PropertyPath.parse("firmware.version");
        PropertyPath model = PropertyPath.of("model");
        PropertyPath battery = PropertyPath.of("battery");
        PropertyPath fwState = PropertyPath.parse("firmware.state");

        run("a", fleet, rounds, "tags.region = 'eu'",
                t -> "eu".equals(t.tags().getString("region").orElse(null)),
                t -> "eu".equals(t.tags().get(region).orElse(null)));
        run("b", fleet, rounds,
                "properties.reported.firmware.version != properties.desired.firmware.version"
                        + " AND tags.model IN ['m1','m2']",
                t -> {
                    String r = t.reported().getString("firmware.version").orElse(null);
                    String d = t.desired().getString("firmware.version").orElse(null);
                    String m = t.tags().getString("model").orElse(null);
                    return r != null && d != null && !r.equals(d) && ("m1".equals(m) || "m2".equals(m));
                },
                t -> {
                    Object r = t.reported().get(fwVersion).orElse(null);
                    Object d = t.desired().get(fwVersion).orElse(null);
                    Object m = t.tags().get(model).orElse(null);
                    return r instanceof String && d instanceof String && !r.equals(d)
                            && ("m1".equals(m) || "m2".equals(m));
                });
        run("c", fleet, rounds,
                "properties.reported.battery < 20 OR NOT IS_DEFINED(properties.reported.firmware.state)",
                t -> t.reported().getDouble("battery").map(b -> b < 20).orElse(false)
                        || !t.reported().contains("firmware.state"),
                t -> {
                    Object b = t.reported().get(battery).orElse(null);
                    return (b instanceof Number && ((Number) b).doubleValue() < 20)
                            || t.reported().get(fwState).isEmpty();
                });
    }

    private static void run(String name, List<Twin> fleet, int rounds, String condition, Predicate<Twin> naive,
            Predicate<Twin> tuned) {
        CompiledCondition compiled = CompiledCondition.of(condition);
        Predicate<Twin> query = compiled::matches;
        long expected = count(fleet, naive);
        if (expected != count(fleet, query) || expected != count(fleet, tuned)) {
            throw new AssertionError(name + ": the predicates disagree");
        }
        double q = 0;
        double p = 0;
        double t = 0;
        for (int r = 0; r < rounds; r++) {
            q = Math.max(q, throughput(fleet, query));
            p = Math.max(p, throughput(fleet, naive));
            t = Math.max(t, throughput(fleet, tuned));
        }
        System.out.printf("(%s) %s%n    matches=%d  query %.1f M/s  hand-written %.1f M/s (ratio %.2f)"
                + "  hand-tuned %.1f M/s (ratio %.2f)%n", name, condition, expected, q / 1e6, p / 1e6, q / p,
                t / 1e6, q / t);
    }

    private static long count(List<Twin> fleet, Predicate<Twin> p) {
        long c = 0;
        for (Twin t : fleet) {
            if (p.test(t)) {
                c++;
            }
        }
        return c;
    }

    private static double throughput(List<Twin> fleet, Predicate<Twin> p) {
        long start = System.nanoTime();
        long c = count(fleet, p);
        long elapsed = System.nanoTime() - start;
        if (c < 0) {
            System.out.println(c);
        }
        return fleet.size() * 1e9 / elapsed;
    }

    private static List<Twin> fleet(int n, Random rnd) {
        String[] regions = {"eu", "us", "asia"};
        String[] models = {"m1", "m2", "m3", "m4"};
        String[] versions = {"1.0", "1.1", "2.0"};
        List<PropertyTree> desired = new ArrayList<>();
        for (String v : versions) {
            desired.add(PropertyTree.of(Map.of("firmware", Map.of("version", v, "url", "https://fw/" + v))));
        }
        List<Twin> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String v = versions[rnd.nextInt(versions.length)];
            PropertyTree.Builder reported = PropertyTree.builder().put("battery", rnd.nextInt(100))
                    .put("firmware.version", v);
            if (rnd.nextInt(10) != 0) {
                reported.put("firmware.state", "current");
            }
            out.add(Twin.builder(DeviceId.of("dev-" + i))
                    .tags(PropertyTree.of(Map.of("region", regions[rnd.nextInt(regions.length)],
                            "model", models[rnd.nextInt(models.length)], "bucket", i % 1000)))
                    .desired(desired.get(rnd.nextInt(desired.size())))
                    .reported(reported.build())
                    .build());
        }
        return Objects.requireNonNull(out);
    }
}
