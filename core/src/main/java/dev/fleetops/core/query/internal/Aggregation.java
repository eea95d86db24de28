package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.internal.Ast.Aggregate;
import dev.fleetops.core.query.internal.Ast.AggregateFn;
import dev.fleetops.core.query.internal.Ast.CompareOp;
import dev.fleetops.core.query.internal.Ast.Projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running state of an aggregate query: feed it the matching twins, then read one row per group (or a single
 * row without {@code GROUP BY}, even over no twins). Internal: not part of the FleetOps API. Mutable and not
 * thread-safe: use one per query execution, from one thread.
 *
 * <p>Aggregates: {@code COUNT()} counts twins; {@code SUM} adds the numbers it finds (ignoring other values; 0
 * when there are none); {@code AVG} averages the numbers (left out of the row when there are none); {@code MIN} and
 * {@code MAX} take the least and greatest primitive value, ordering types as null &lt; booleans &lt; numbers &lt;
 * strings (left out when there are none). Twins where the {@code GROUP BY} path is undefined form one group whose
 * row leaves the path out. Groups appear in the order their first twin was added; {@code TOP} limits the rows.
 */
public final class Aggregation {

    private static final Object UNDEFINED_KEY = new Object();

    private final List<Projection> projections;
    private final List<String> names;
    private final Compiler.Eval[] paths;
    private final Compiler.Eval group;
    private final Integer top;
    private final Map<Object, Accumulator[]> groups = new LinkedHashMap<>();

    Aggregation(List<Projection> projections, List<String> names, Compiler.Eval[] paths, Compiler.Eval group,
            Integer top) {
        this.projections = projections;
        this.names = names;
        this.paths = paths;
        this.group = group;
        this.top = top;
        if (group == null) {
            groups.put(UNDEFINED_KEY, newAccumulators());
        }
    }

    private Accumulator[] newAccumulators() {
        Accumulator[] accs = new Accumulator[projections.size()];
        for (int i = 0; i < accs.length; i++) {
            Projection p = projections.get(i);
            accs[i] = p.isAggregate() ? new Accumulator(((Aggregate) p.item()).fn()) : null;
        }
        return accs;
    }

    /**
     * Adds a twin that matched the query's condition.
     *
     * @param twin the twin
     */
    public void add(Twin twin) {
        Object key = UNDEFINED_KEY;
        if (group != null) {
            Object v = group.twin(twin);
            key = v == null ? UNDEFINED_KEY : v;
        }
        Accumulator[] accs = groups.computeIfAbsent(key, k -> newAccumulators());
        for (int i = 0; i < accs.length; i++) {
            if (accs[i] != null) {
                accs[i].add(paths[i] == null ? null : paths[i].twin(twin));
            }
        }
    }

    /**
     * Returns the rows so far.
     *
     * @return one row per group, at most {@code TOP} of them
     */
    public List<PropertyTree> rows() {
        List<PropertyTree> rows = new ArrayList<>(groups.size());
        for (Map.Entry<Object, Accumulator[]> g : groups.entrySet()) {
            if (top != null && rows.size() >= top) {
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            Accumulator[] accs = g.getValue();
            for (int i = 0; i < accs.length; i++) {
                Object v = accs[i] == null ? (g.getKey() == UNDEFINED_KEY ? null : g.getKey()) : accs[i].result();
                if (v != null) {
                    row.put(names.get(i), v);
                }
            }
            rows.add(PropertyTree.of(row));
        }
        return rows;
    }

    private static final class Accumulator {
        private final AggregateFn fn;
        private long count;
        private long longSum;
        private double doubleSum;
        private boolean inDoubles;
        private Object best;

        Accumulator(AggregateFn fn) {
            this.fn = fn;
        }

        void add(Object v) {
            switch (fn) {
                case COUNT:
                    count++;
                    break;
                case SUM:
                case AVG:
                    if (v instanceof Number) {
                        addNumber((Number) v);
                    }
                    break;
                default:
                    if (Values.isPrimitive(v) && (best == null || better(v, best))) {
                        best = v;
                    }
            }
        }

        private void addNumber(Number n) {
            count++;
            if (!inDoubles && n instanceof Long) {
                long x = n.longValue();
                long r = longSum + x;
                if (((longSum ^ r) & (x ^ r)) >= 0) {
                    longSum = r;
                    return;
                }
            }
            if (!inDoubles) {
                inDoubles = true;
                doubleSum = longSum;
            }
            doubleSum += n.doubleValue();
        }

        private boolean better(Object v, Object current) {
            int rv = rank(v);
            int rc = rank(current);
            if (rv != rc) {
                return fn == AggregateFn.MIN ? rv < rc : rv > rc;
            }
            return Values.compare(fn == AggregateFn.MIN ? CompareOp.LT : CompareOp.GT, v, current) == Boolean.TRUE;
        }

        private static int rank(Object v) {
            if (v == JsonNull.INSTANCE) {
                return 0;
            }
            if (v instanceof Boolean) {
                return 1;
            }
            return v instanceof Number ? 2 : 3;
        }

        Object result() {
            switch (fn) {
                case COUNT:
                    return count;
                case SUM:
                    return inDoubles ? finite(doubleSum) : (Object) longSum;
                case AVG:
                    if (count == 0) {
                        return null;
                    }
                    return finite((inDoubles ? doubleSum : (double) longSum) / count);
                default:
                    return best;
            }
        }

        private static Object finite(double d) {
            return Double.isNaN(d) || Double.isInfinite(d) ? null : (Object) d;
        }
    }
}
