package dev.fleetops.core.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds random conditions and queries with the public builder: paths with segments of every shape, constants of
 * every kind (strings needing escapes, extreme numbers, nested arrays), arithmetic, comparisons, IN/NIN,
 * IS_DEFINED, AND/OR/NOT, projections, aggregates, TOP and GROUP BY. Used by the property tests through
 * jqwik's {@code Arbitraries.randomValue}. Not thread-safe (use one Random per thread).
 */
final class RandomQueries {

    private static final String IDENTIFIER_CHARS = "abcXYZ_$019";
    private static final String ODD_CHARS = "ab .-'\"[]é\u00A0\\ ()=\uD83D\uDE00";
    private static final List<String> WORDS = List.of("select", "AND", "in", "NIN", "true", "null", "undefined",
            "DeviceId", "properties", "desired", "Reported", "$version", "tags", "devices", "jobs", "count",
            "is_defined", "lower", "configurations", "status", "iotEdge", "capabilities", "x");
    private static final List<String> FIELDS = List.of("deviceId", "ModuleId", "etag", "version", "status",
            "connectionState", "lastActivityTime", "authenticationType", "modelId", "capabilities.iotEdge");
    private static final List<String> TRICKY = List.of("it's", "\"q\"", "back\\slash", "\\u0041", "\u0000\n\t",
            "\uD800", "\uDC00x", "\uD83D\uDE00", "[[x]]", "", " ", "é");
    private static final List<Object> EXTREMES = Arrays.asList(Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_VALUE, 1e-7, 0.1, -0.0, 9.223372036854775807E18, -9.223372036854775808E18, 1e20,
            Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 2.0, 2.5, true, false, null);

    private final Random random;

    RandomQueries(Random random) {
        this.random = random;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String chars(String alphabet, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String segment() {
        while (true) {
            String s;
            switch (random.nextInt(3)) {
                case 0:
                    s = chars(IDENTIFIER_CHARS, 1, 6);
                    break;
                case 1:
                    s = chars(ODD_CHARS, 1, 6);
                    break;
                default:
                    s = pick(WORDS);
            }
            if (!s.contains("]]") && !s.endsWith("]")) {
                return s;
            }
        }
    }

    private String dotlessSegment() {
        while (true) {
            String s = segment();
            if (!s.contains(".")) {
                return s;
            }
        }
    }

    Path path() {
        switch (random.nextInt(7)) {
            case 0: {
                int n = 1 + random.nextInt(4);
                String[] more = new String[n - 1];
                for (int i = 0; i < more.length; i++) {
                    more[i] = segment();
                }
                return Path.of(segment(), more);
            }
            case 1:
                return Path.tag(dotlessSegment() + (random.nextBoolean() ? "" : "." + dotlessSegment()));
            case 2:
                return Path.desired(dotlessSegment());
            case 3:
                return Path.reported(dotlessSegment());
            case 4:
                return Path.field(pick(FIELDS));
            case 5:
                return Path.configurationStatus(segment());
            default:
                return Path.job(dotlessSegment());
        }
    }

    Object constant(int depth) {
        switch (random.nextInt(depth > 0 ? 7 : 6)) {
            case 0: {
                int n = random.nextInt(9);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000));
                }
                return sb.toString();
            }
            case 1:
                return pick(TRICKY);
            case 2:
                return random.nextLong();
            case 3:
                return (long) (random.nextInt(7) - 3);
            case 4: {
                double d = Double.longBitsToDouble(random.nextLong());
                return Double.isNaN(d) || Double.isInfinite(d) ? random.nextDouble() * 1e6 : d;
            }
            case 5:
                return pick(EXTREMES);
            default: {
                List<Object> items = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    items.add(constant(depth - 1));
                }
                return items;
            }
        }
    }

    Expression expression(int depth) {
        int choice = random.nextInt(depth > 0 ? 5 : 3);
        switch (choice) {
            case 0:
                return path();
            case 1:
                return Expression.value(constant(2));
            case 2:
                return random.nextInt(10) == 0 ? Expression.undefined() : Expression.value(constant(0));
            case 3:
                return expression(depth - 1).negate();
            default: {
                Expression a = expression(depth - 1);
                Expression b = expression(depth - 1);
                switch (random.nextInt(5)) {
                    case 0:
                        return a.plus(b);
                    case 1:
                        return a.minus(b);
                    case 2:
                        return a.times(b);
                    case 3:
                        return a.dividedBy(b);
                    default:
                        return a.mod(b);
                }
            }
        }
    }

    Condition condition(int depth) {
        int choice = random.nextInt(depth > 0 ? 8 : 3);
        switch (choice) {
            case 0: {
                Expression l = expression(2);
                Expression r = expression(2);
                switch (random.nextInt(6)) {
                    case 0:
                        return l.eq(r);
                    case 1:
                        return l.ne(r);
                    case 2:
                        return l.lt(r);
                    case 3:
                        return l.le(r);
                    case 4:
                        return l.gt(r);
                    default:
                        return l.ge(r);
                }
            }
            case 1: {
                List<Object> values = new ArrayList<>();
                int n = 1 + random.nextInt(5); // IoT Hub refuses an empty IN list
                for (int i = 0; i < n; i++) {
                    values.add(constant(1));
                }
                return random.nextBoolean() ? expression(1).in(values) : expression(1).nin(values);
            }
            case 2:
                return path().isDefined();
            case 3:
            case 4:
                return condition(depth - 1).and(condition(depth - 1));
            case 5:
                return condition(depth - 1).or(condition(depth - 1));
            case 6:
                return Condition.anyOf(condition(depth - 1), condition(depth - 1), condition(depth - 1));
            default:
                return Condition.not(condition(depth - 1));
        }
    }

    private Projection aggregate() {
        switch (random.nextInt(5)) {
            case 0:
                return Projection.count();
            case 1:
                return Projection.avg(path());
            case 2:
                return Projection.sum(path());
            case 3:
                return Projection.min(path());
            default:
                return Projection.max(path());
        }
    }

    /**
     * Returns a builder for a valid query: its {@code build()} succeeds unless a job query names
     * {@code devices.jobs} without a field. Aliases ({@code Col1}, {@code Agg0}, {@code Grp}) are spelled so that no
     * generated segment clashes with them.
     *
     * @param conditionDepth how deeply the WHERE condition may nest
     * @return the builder
     */
    Query.Builder query(int conditionDepth) {
        int source = random.nextInt(3);
        Query.Builder b = source == 0 ? Query.devices() : source == 1 ? Query.modules() : Query.jobs();
        if (random.nextBoolean()) {
            b.top(1 + random.nextInt(random.nextBoolean() ? 10 : Integer.MAX_VALUE));
        }
        if (random.nextInt(5) != 0) {
            b.where(condition(conditionDepth));
        }
        if (source == 2) {
            return b;
        }
        switch (random.nextInt(3)) {
            case 0:
                return b.selectAll();
            case 1: {
                List<Projection> ps = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    ps.add(i == 0 ? Projection.of(path()) : path().as("Col" + i));
                }
                return b.select(ps);
            }
            default: {
                List<Projection> ps = new ArrayList<>();
                Path group = path();
                boolean grouped = source == 0 && random.nextBoolean();
                if (grouped) {
                    boolean clash = group.segments().get(group.segments().size() - 1).startsWith("$");
                    ps.add(clash || random.nextBoolean() ? group.as("Grp") : Projection.of(group));
                }
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    ps.add(i % 2 == 0 ? aggregate().as("Agg" + i) : aggregate());
                }
                b.select(ps);
                return grouped ? b.groupBy(group) : b;
            }
        }
    }
}
