package dev.fleetops.core.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.spi.QueryService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Queries over the adapter's own {@code POST /devices/query}: the text is validated with FleetOps' parser first (an
 * invalid query fails with {@link InvalidQueryException} before any call) and sent as written, and rows are read as
 * the hub's JSON (the SDK's {@code Twin} would lose fields; see {@link AzureTwins}).
 *
 * <p><b>One request per call.</b> The page size goes in {@code x-ms-max-item-count} and the token in
 * {@code x-ms-continuation}; the page comes back as the hub answered it, with the hub's next token. The hub may
 * answer fewer rows than asked for and still send a token: that short page is returned as it is and the caller
 * pages on. Not over the SDK's {@code QueryClient}: its responses fetch the following page by themselves once the
 * current one is used up, and cannot tell a remaining row from a remaining page, so reading "one page" through them
 * cost an extra request that {@code FleetClient} neither paced nor counted whenever a page was short. A 429 to a
 * query carries the hub's {@code Retry-After}. Thread-safe.
 */
final class AzureQueries implements QueryService {

    private final AzureContext ctx;

    AzureQueries(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryPage<Twin> queryTwins(String query, PageRequest page) {
        CompiledQuery q = CompiledQuery.of(query);
        if (q.source() == QuerySource.JOBS || !q.selectsAll()) {
            throw new InvalidQueryException("query: line 1, column 1: queryTwins needs SELECT * FROM devices or "
                    + "devices.modules; use queryRaw for projections, aggregates and devices.jobs", 0, 1, 1,
                    "SELECT *");
        }
        return rawPage(query, page, Wire::twin, "query", Target.query());
    }

    @Override
    public QueryPage<PropertyTree> queryRaw(String query, PageRequest page) {
        CompiledQuery.of(query);
        return rawPage(query, page, PropertyTree::parse, "query", Target.query());
    }

    /** One page of a query: one {@code POST /devices/query}, each row converted from its JSON text. */
    <T> QueryPage<T> rawPage(String query, PageRequest page, Function<String, T> convert, String operation,
                             Target target) {
        JsonObject body = new JsonObject();
        body.addProperty("query", query);
        HubRest.Response r = ctx.rest("POST", "/devices/query", body.toString(), null, operation, target,
                pagingHeaders(page));
        return AzureContext.read(operation, target, r.body(), json -> page(json, r, convert));
    }

    /** The request headers of one page: its size and, after the first, the token. */
    static String[] pagingHeaders(PageRequest page) {
        return page.continuationToken()
                .map(t -> new String[] {"x-ms-max-item-count", Integer.toString(page.pageSize()),
                        "x-ms-continuation", t})
                .orElseGet(() -> new String[] {"x-ms-max-item-count", Integer.toString(page.pageSize())});
    }

    /**
     * A page as the hub answered it: the rows of its JSON array, and the {@code x-ms-continuation} token when it
     * sent one.
     *
     * @throws IllegalStateException if the body is not a JSON array
     */
    static <T> QueryPage<T> page(String json, HubRest.Response r, Function<String, T> convert) {
        List<T> items = new ArrayList<>();
        for (JsonElement row : JsonParser.parseString(json).getAsJsonArray()) {
            items.add(convert.apply(row.toString()));
        }
        Optional<String> next = r.header("x-ms-continuation").filter(t -> !t.isBlank());
        return QueryPage.of(items, next.orElse(null));
    }
}
