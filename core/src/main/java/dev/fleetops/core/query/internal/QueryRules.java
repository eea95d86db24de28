package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.internal.Ast.Projection;
import dev.fleetops.core.query.internal.Ast.QueryNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a query must follow beyond its grammar, shared by the parser (which reports a position) and the
 * builder (which throws {@link IllegalStateException}). Internal; stateless and thread-safe.
 *
 * <ul>
 *   <li>{@code FROM devices.jobs} selects only {@code *}: no projections, aggregates or {@code GROUP BY}.</li>
 *   <li>{@code GROUP BY} is for device twins only ({@code FROM devices}), as IoT Hub documents; module twin
 *       queries are refused it too.</li>
 *   <li>{@code GROUP BY} needs at least one aggregate in {@code SELECT}, and every other projection must be the
 *       {@code GROUP BY} path.</li>
 *   <li>Without {@code GROUP BY}, a query with an aggregate projects only aggregates.</li>
 *   <li>Column names (aliases, last path segments, {@code $1}, {@code $2}, ... for unnamed aggregates) are unique.</li>
 * </ul>
 */
public final class QueryRules {

    private QueryRules() {
    }

    /**
     * A broken rule.
     *
     * @param projection the index of the projection at fault, or -1
     * @param atGroupBy true when the {@code GROUP BY} clause is at fault
     * @param expected what would have been right, for {@link dev.fleetops.core.error.InvalidQueryException#expected()}
     * @param message what is wrong
     */
    public record Violation(int projection, boolean atGroupBy, String expected, String message) {
    }

    /**
     * Returns the column name of each projection: the alias, else the last segment of the path, else {@code $n}
     * for the n-th unnamed aggregate.
     *
     * @param projections the projections
     * @return the names, in order
     */
    public static List<String> columnNames(List<Projection> projections) {
        List<String> names = new ArrayList<>(projections.size());
        int unnamed = 0;
        for (Projection p : projections) {
            if (p.alias() != null) {
                names.add(p.alias());
            } else if (p.item() instanceof Ast.PathExpr) {
                names.add(((Ast.PathExpr) p.item()).lastSegment());
            } else {
                names.add("$" + (++unnamed));
            }
        }
        return names;
    }

    /**
     * Checks a query.
     *
     * @param q the query
     * @return the first broken rule, or null when the query is valid
     */
    public static Violation check(QueryNode q) {
        List<Projection> ps = q.projections();
        if (q.source() == QuerySource.JOBS && !ps.isEmpty()) {
            return new Violation(0, false, "*", "IoT Hub accepts only SELECT * in queries FROM devices.jobs");
        }
        boolean anyAggregate = false;
        for (Projection p : ps) {
            anyAggregate |= p.isAggregate();
        }
        if (q.groupBy() != null) {
            if (q.source() != QuerySource.DEVICES) {
                return new Violation(-1, true, "end of query", "IoT Hub accepts GROUP BY only in queries FROM"
                        + " devices (device twins), not FROM " + q.source().collection());
            }
            if (!anyAggregate) {
                return new Violation(-1, true, "an aggregate in SELECT", "GROUP BY needs an aggregate (COUNT, AVG,"
                        + " SUM, MIN or MAX) in SELECT" + (ps.isEmpty() ? ", not SELECT *" : ""));
            }
            for (int i = 0; i < ps.size(); i++) {
                Projection p = ps.get(i);
                if (!p.isAggregate() && !p.item().equals(q.groupBy())) {
                    return new Violation(i, false, "an aggregate or the GROUP BY path", "projection "
                            + Renderer.path((Ast.PathExpr) p.item(), false) + " is neither an aggregate nor the"
                            + " GROUP BY path " + Renderer.path(q.groupBy(), false));
                }
            }
        } else if (anyAggregate) {
            for (int i = 0; i < ps.size(); i++) {
                if (!ps.get(i).isAggregate()) {
                    return new Violation(i, false, "an aggregate", "a query with aggregates and no GROUP BY"
                            + " projects only aggregates, not " + Renderer.path((Ast.PathExpr) ps.get(i).item(),
                            false));
                }
            }
        }
        List<String> names = columnNames(ps);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                return new Violation(i, false, "a unique column name", "column name '" + names.get(i)
                        + "' appears twice; give one of the projections another name with AS");
            }
        }
        return null;
    }
}
