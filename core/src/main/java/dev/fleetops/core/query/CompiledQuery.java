package dev.fleetops.core.query;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.internal.Compiler;
import dev.fleetops.core.query.internal.Parser;
import dev.fleetops.core.query.internal.QueryRules;
import dev.fleetops.core.query.internal.Renderer;
import dev.fleetops.core.query.internal.Values;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.internal.Ast.Aggregate;
import dev.fleetops.core.query.internal.Ast.AggregateFn;
import dev.fleetops.core.query.internal.Ast.CompareOp;
import dev.fleetops.core.query.internal.Ast.PathExpr;
import dev.fleetops.core.query.internal.Ast.Projection;
import dev.fleetops.core.query.internal.Ast.QueryNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A query compiled for evaluation: what a backend that evaluates queries itself (the embedded hub) runs, and what
 * every backend validates a query with before sending it. A new backend uses it instead of parsing text itself.
 *
 * <p>The hub filters its documents with {@link #matches(Twin)} (or {@link #matches(PropertyTree)} for
 * {@code FROM devices.jobs}), stops after {@link #top()} rows, and turns each match into a row with
 * {@link #project(Twin)}; for an aggregate query it feeds the matches to {@link #newAggregation()} instead. Rows
 * carry the hub's column names: aliases, the last segment of a path ({@code SELECT DeviceId} answers
 * {@code deviceId}), {@code $1}, {@code $2}, ... for unnamed aggregates; a path that is undefined on a document is
 * left out of its row.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CompiledQuery {

    private final QueryNode node;
    private final String text;
    private final Compiler.Eval where;
    private final List<String> names;
    private final Compiler.Eval[] paths;
    private final boolean aggregate;

    private CompiledQuery(QueryNode node) {
        this.node = node;
        this.text = Renderer.query(node);
        this.where = node.where() == null ? null : Compiler.compile(node.where(), node.source());
        this.names = List.copyOf(QueryRules.columnNames(node.projections()));
        this.paths = new Compiler.Eval[node.projections().size()];
        boolean anyAggregate = false;
        for (int i = 0; i < paths.length; i++) {
            Projection p = node.projections().get(i);
            if (p.item() instanceof PathExpr) {
                paths[i] = Compiler.path((PathExpr) p.item(), node.source());
            } else {
                anyAggregate = true;
                Aggregate a = (Aggregate) p.item();
                paths[i] = a.argument() == null ? null : Compiler.path(a.argument(), node.source());
            }
        }
        this.aggregate = anyAggregate;
    }

    /**
     * Compiles a query.
     *
     * @param query the query
     * @return the compiled query
     */
    public static CompiledQuery compile(Query query) {
        return of(query.text());
    }

    /**
     * Parses and compiles query text.
     *
     * @param text the query
     * @return the compiled query
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not a valid twin or job query
     */
    public static CompiledQuery of(String text) {
        return new CompiledQuery(Parser.parseQuery(Objects.requireNonNull(text, "text")));
    }

    /**
     * Returns the collection the query reads.
     *
     * @return the source
     */
    public QuerySource source() {
        return node.source();
    }

    /**
     * Returns the canonical text of the query.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * Tells whether the query is {@code SELECT *}: rows are whole documents.
     *
     * @return true for {@code SELECT *}
     */
    public boolean selectsAll() {
        return node.projections().isEmpty();
    }

    /**
     * Tells whether a projection is an aggregate; then rows come from {@link #newAggregation()}.
     *
     * @return true for an aggregate query (with or without {@code GROUP BY})
     */
    public boolean isAggregate() {
        return aggregate;
    }

    /**
     * Returns the {@code TOP} limit.
     *
     * @return the most rows the query returns, or empty when unlimited
     */
    public OptionalInt top() {
        return node.top() == null ? OptionalInt.empty() : OptionalInt.of(node.top());
    }

    /**
     * Returns the column names of the rows, in projection order.
     *
     * @return the names, empty for {@code SELECT *}
     */
    public List<String> columns() {
        return names;
    }

    /**
     * Tells whether a twin passes the {@code WHERE} clause.
     *
     * @param twin a device twin ({@code FROM devices}) or module twin ({@code FROM devices.modules})
     * @return true when there is no {@code WHERE} clause or it evaluates to true
     * @throws IllegalStateException if the query reads {@code devices.jobs}
     */
    public boolean matches(Twin twin) {
        requireTwins();
        return where == null || Boolean.TRUE.equals(where.twin(twin));
    }

    /**
     * Tells whether a document passes the {@code WHERE} clause: a job document for {@code FROM devices.jobs}
     * (fields {@code deviceId}, {@code jobId}, {@code jobType}, {@code status}, {@code startTimeUtc},
     * {@code endTimeUtc}, {@code createdDateTimeUtc}, {@code lastUpdatedDateTimeUtc}, {@code outcome}), otherwise
     * a twin document such as {@code twin.toTree()}.
     *
     * @param document the document
     * @return true when there is no {@code WHERE} clause or it evaluates to true
     */
    public boolean matches(PropertyTree document) {
        return where == null || Boolean.TRUE.equals(where.doc(document));
    }

    /**
     * Returns the row for a matching twin.
     *
     * @param twin the twin
     * @return {@code twin.toTree()} for {@code SELECT *}, else the projected columns
     * @throws IllegalStateException if the query is an aggregate query or reads {@code devices.jobs}
     */
    public PropertyTree project(Twin twin) {
        requireTwins();
        requireRows();
        if (selectsAll()) {
            return twin.toTree();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            Object v = paths[i].twin(twin);
            if (v != null) {
                row.put(names.get(i), v);
            }
        }
        return PropertyTree.of(row);
    }

    /**
     * Returns the row for a matching document.
     *
     * @param document a job document, or a twin document
     * @return the document itself for {@code SELECT *}, else the projected columns
     * @throws IllegalStateException if the query is an aggregate query
     */
    public PropertyTree project(PropertyTree document) {
        requireRows();
        if (selectsAll()) {
            return document;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            Object v = paths[i].doc(document);
            if (v != null) {
                row.put(names.get(i), v);
            }
        }
        return PropertyTree.of(row);
    }

    /**
     * Starts aggregating matching twins.
     *
     * @return a new aggregation (mutable, not thread-safe)
     * @throws IllegalStateException if the query has no aggregate
     */
    public Aggregation newAggregation() {
        if (!aggregate) {
            throw new IllegalStateException("query '" + text + "' has no aggregate; use project");
        }
        Compiler.Eval group = node.groupBy() == null ? null : Compiler.path(node.groupBy(), node.source());
        return new Aggregation(node.projections(), names, paths, group, node.top());
    }

    private void requireTwins() {
        if (node.source() == QuerySource.JOBS) {
            throw new IllegalStateException("query '" + text + "' reads job documents, not twins");
        }
    }

    private void requireRows() {
        if (aggregate) {
            throw new IllegalStateException("query '" + text + "' is an aggregate query; use newAggregation");
        }
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }

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
    public static final class Aggregation {

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
}
