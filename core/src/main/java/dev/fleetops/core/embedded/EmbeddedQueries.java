package dev.fleetops.core.embedded;

import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.spi.QueryService;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queries of the embedded hub, evaluated with the same parser and evaluator the library validates with. Rows come
 * in device-id order; continuation tokens carry the position, so paging is stable while twins change. With a query
 * lag configured, queries see the fleet as it was that long ago. Thread-safe.
 */
final class EmbeddedQueries implements QueryService {

    private static final int CACHE_LIMIT = 512;

    private final HubCore core;
    private final EmbeddedJobs jobs;
    private final Map<String, CompiledQuery> cache = new ConcurrentHashMap<>();

    EmbeddedQueries(HubCore core, EmbeddedJobs jobs) {
        this.core = core;
        this.jobs = jobs;
    }

    CompiledQuery compile(String text) {
        CompiledQuery q = cache.get(text);
        if (q == null) {
            q = CompiledQuery.of(text);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(text, q);
        }
        return q;
    }

    @Override
    public QueryPage<Twin> queryTwins(String query, PageRequest page) {
        CompiledQuery q = compile(query);
        if (q.source() == QuerySource.JOBS || !q.selectsAll()) {
            throw new InvalidQueryException("query: line 1, column 1: queryTwins needs SELECT * FROM devices or "
                    + "devices.modules; use queryRaw for projections, aggregates and devices.jobs", 0, 1, 1,
                    "SELECT *");
        }
        return core.call(OperationClass.QUERY, 1, "query", () -> scanTwins(q, query, page));
    }

    @Override
    public QueryPage<PropertyTree> queryRaw(String query, PageRequest page) {
        CompiledQuery q = compile(query);
        return core.call(OperationClass.QUERY, 1, "query", () -> {
            if (q.source() == QuerySource.JOBS) {
                return byOffset(jobs.documents(q), query, page, q);
            }
            if (q.isAggregate()) {
                CompiledQuery.Aggregation agg = q.newAggregation();
                Iterator<Twin> it = core.index.twinsAfter(null, core.nowNanos());
                while (it.hasNext()) {
                    Twin t = it.next();
                    if (matchesSource(q, t) && q.matches(t)) {
                        agg.add(t);
                    }
                }
                return byOffset(agg.rows(), query, page, q);
            }
            QueryPage<Twin> twins = scanTwins(q, query, page);
            List<PropertyTree> rows = new ArrayList<>(twins.items().size());
            for (Twin t : twins.items()) {
                rows.add(q.project(t));
            }
            return QueryPage.of(rows, twins.continuationToken().orElse(null));
        });
    }

    /** Counts the rows a query would return, for configuration metrics; no call wrapper, no paging. */
    long count(CompiledQuery q) {
        if (q.isAggregate()) {
            CompiledQuery.Aggregation agg = q.newAggregation();
            Iterator<Twin> it = core.index.twinsAfter(null, core.nowNanos());
            while (it.hasNext()) {
                Twin t = it.next();
                if (matchesSource(q, t) && q.matches(t)) {
                    agg.add(t);
                }
            }
            return agg.rows().size();
        }
        long n = 0;
        Iterator<Twin> it = core.index.twinsAfter(null, core.nowNanos());
        while (it.hasNext()) {
            Twin t = it.next();
            if (matchesSource(q, t) && q.matches(t)) {
                n++;
            }
        }
        long top = q.top().isPresent() ? q.top().getAsInt() : Long.MAX_VALUE;
        return Math.min(n, top);
    }

    private static boolean matchesSource(CompiledQuery q, Twin t) {
        return (q.source() == QuerySource.MODULES) == t.isModuleTwin();
    }

    private QueryPage<Twin> scanTwins(CompiledQuery q, String text, PageRequest page) {
        long served = 0;
        String after = null;
        if (page.continuationToken().isPresent()) {
            ContinuationToken token = ContinuationToken.decode(page.continuationToken().get(), text);
            served = token.served();
            after = token.position();
        }
        long limit = q.top().isPresent() ? q.top().getAsInt() : Long.MAX_VALUE;
        long want = Math.min(page.pageSize(), limit - served);
        List<Twin> items = new ArrayList<>();
        Iterator<Twin> it = core.index.twinsAfter(after, core.nowNanos());
        Twin lookahead = null;
        while (it.hasNext()) {
            Twin t = it.next();
            if (!matchesSource(q, t) || !q.matches(t)) {
                continue;
            }
            if (items.size() < want) {
                items.add(t);
            } else {
                lookahead = t;
                break;
            }
        }
        Optional<String> next = Optional.empty();
        if (lookahead != null && served + items.size() < limit) {
            String last = HubCore.key(items.get(items.size() - 1));
            next = Optional.of(new ContinuationToken(text.hashCode(), served + items.size(), last).encode());
        }
        return QueryPage.of(items, next.orElse(null));
    }

    private static QueryPage<PropertyTree> byOffset(List<PropertyTree> rows, String text, PageRequest page,
                                                    CompiledQuery q) {
        int offset = page.continuationToken()
                .map(t -> ContinuationToken.decode(t, text).offset())
                .orElse(0);
        int limit = q.top().isPresent() ? Math.min(q.top().getAsInt(), rows.size()) : rows.size();
        int end = Math.min(limit, offset + page.pageSize());
        List<PropertyTree> items = offset >= end ? List.of() : rows.subList(offset, end);
        Optional<String> next = end < limit
                ? Optional.of(new ContinuationToken(text.hashCode(), end, Integer.toString(end)).encode())
                : Optional.empty();
        return QueryPage.of(items, next.orElse(null));
    }
}
