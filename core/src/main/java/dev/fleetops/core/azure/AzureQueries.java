package dev.fleetops.core.azure;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import dev.fleetops.core.InvalidQueryException;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.internal.CompiledQuery;
import dev.fleetops.core.query.internal.QuerySource;
import dev.fleetops.core.spi.QueryService;

import java.io.IOException;

/**
 * Queries over {@code QueryClient}: the text is validated with FleetOps' parser first (an invalid query fails with
 * {@link InvalidQueryException} before any call) and sent as written. Rows are read as the hub's JSON through
 * {@code queryRaw}, which is the same request as {@code queryTwins} ({@code POST /devices/query}); the SDK's
 * {@code Twin} would lose fields (see {@link AzureTwins}), so twins are built from the JSON. One page per call, with
 * the page size and continuation token of the {@link PageRequest}. Thread-safe.
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
        return ctx.sdk("query", Target.query(), () -> rawPage(query, page, Wire::twin));
    }

    @Override
    public QueryPage<PropertyTree> queryRaw(String query, PageRequest page) {
        CompiledQuery.of(query);
        return ctx.sdk("query", Target.query(), () -> rawPage(query, page, PropertyTree::parse));
    }

    /** One page of a raw query, each row converted from its JSON text. */
    <T> QueryPage<T> rawPage(String query, PageRequest page, java.util.function.Function<String, T> convert)
            throws IOException, IotHubException {
        QueryPageOptions.QueryPageOptionsBuilder options = QueryPageOptions.builder().pageSize(page.pageSize());
        page.continuationToken().ifPresent(options::continuationToken);
        RawQueryResponse response = ctx.query.queryRaw(query, options.build());
        return SdkPages.onePage(new SdkPages.Response<String>() {
            @Override
            public boolean hasNext() {
                return response.hasNext();
            }

            @Override
            public String next() throws IOException, IotHubException {
                return response.next(QueryPageOptions.builder().pageSize(page.pageSize()).build());
            }

            @Override
            public String continuationToken() {
                return response.getContinuationToken();
            }
        }, page.pageSize(), convert);
    }
}
