package dev.fleetops.core;

import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.internal.Paging;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.Query;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.QuerySource;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Queries in IoT Hub's query language, through a {@link FleetClient}: one page at a time, or lazily over all pages.
 * Each page is one call, authorized, paced as one query and retried like any idempotent call. The text is
 * validated first, with the same parser the embedded hub evaluates with, so an invalid query fails with
 * {@link InvalidQueryException} before it is authorized, paced or sent. Query results are eventually consistent on a real hub;
 * read a twin with {@link Twins#get} when it must be current. Queries are reads and are not audited.
 * Obtain it with {@link FleetClient#queries()}.
 *
 * <p>Immutable and thread-safe; each iterator or stream it returns is for one thread.
 */
public final class Queries {

    private final ClientCore core;
    private final Caller caller;

    Queries(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    private static String target(String query) {
        return "query:" + (query.length() <= 120 ? query : query.substring(0, 119) + "\u2026");
    }

    /**
     * Runs a {@code SELECT * FROM devices} query (or {@code devices.modules}) and returns one page of twins.
     *
     * @param query the query text, at most 8,192 characters
     * @param page the page size and continuation token; send the same text with each token
     * @return one page
     * @throws InvalidQueryException if the text is invalid (checked before any call)
     * @throws AccessDeniedException if the operator may not run queries
     * @throws FleetException for other failures of the hub, after retries
     */
    public QueryPage<Twin> twins(String query, PageRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        CompiledQuery compiled = CompiledQuery.of(query);
        if (compiled.source() == QuerySource.JOBS || !compiled.selectsAll()) {
            throw new InvalidQueryException("query: line 1, column 1: twins() needs SELECT * FROM devices or"
                    + " devices.modules; use rows() for projections, aggregates and devices.jobs", 0, 1, 1,
                    "SELECT *");
        }
        return core.gatekeeper.run(caller, Action.QUERY_RUN, target(query), "", corr ->
                core.policy.execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "query.twins", corr,
                        () -> core.hub.queries().queryTwins(query, page)));
    }

    /**
     * Runs any query (projections, aggregates, {@code devices.jobs}) and returns one page of rows with the hub's
     * property names.
     *
     * @param query the query text, at most 8,192 characters
     * @param page the page size and continuation token; send the same text with each token
     * @return one page
     * @throws InvalidQueryException if the text is invalid (checked before any call)
     * @throws AccessDeniedException if the operator may not run queries
     * @throws FleetException for other failures of the hub, after retries
     */
    public QueryPage<PropertyTree> rows(String query, PageRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        CompiledQuery.of(query);
        return core.gatekeeper.run(caller, Action.QUERY_RUN, target(query), "", corr ->
                core.policy.execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "query.rows", corr,
                        () -> core.hub.queries().queryRaw(query, page)));
    }

    /**
     * Returns every twin a query matches, lazily, {@value PageRequest#MAX_PAGE_SIZE} a page. Each iterator starts
     * from the first page; pages are fetched as they are needed, following continuation tokens, and a failure
     * surfaces from {@code hasNext()} or {@code next()}.
     *
     * @param query the query text
     * @return the twins
     */
    public Iterable<Twin> iterateTwins(String query) {
        return iterateTwins(query, PageRequest.MAX_PAGE_SIZE);
    }

    /**
     * Returns every twin a query matches, lazily, with the given page size.
     *
     * @param query the query text
     * @param pageSize items per page, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @return the twins
     * @throws IllegalArgumentException if the page size is out of range
     */
    public Iterable<Twin> iterateTwins(String query, int pageSize) {
        Objects.requireNonNull(query, "query");
        return Paging.iterable(pageSize, page -> twins(query, page));
    }

    /**
     * Returns every row a query produces, lazily, {@value PageRequest#MAX_PAGE_SIZE} a page.
     *
     * @param query the query text
     * @return the rows
     */
    public Iterable<PropertyTree> iterateRows(String query) {
        return iterateRows(query, PageRequest.MAX_PAGE_SIZE);
    }

    /**
     * Returns every row a query produces, lazily, with the given page size.
     *
     * @param query the query text
     * @param pageSize items per page, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @return the rows
     * @throws IllegalArgumentException if the page size is out of range
     */
    public Iterable<PropertyTree> iterateRows(String query, int pageSize) {
        Objects.requireNonNull(query, "query");
        return Paging.iterable(pageSize, page -> rows(query, page));
    }

    /**
     * Streams every twin a query matches, {@value PageRequest#MAX_PAGE_SIZE} a page, fetching pages as the stream
     * is consumed (a short-circuiting stream fetches no more pages than it needs).
     *
     * @param query the query text
     * @return a sequential, ordered stream
     */
    public Stream<Twin> streamTwins(String query) {
        return streamTwins(query, PageRequest.MAX_PAGE_SIZE);
    }

    /**
     * Streams every twin a query matches with the given page size.
     *
     * @param query the query text
     * @param pageSize items per page, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @return a sequential, ordered stream
     * @throws IllegalArgumentException if the page size is out of range
     */
    public Stream<Twin> streamTwins(String query, int pageSize) {
        Objects.requireNonNull(query, "query");
        return Paging.stream(pageSize, page -> twins(query, page));
    }

    /**
     * Streams every row a query produces, {@value PageRequest#MAX_PAGE_SIZE} a page.
     *
     * @param query the query text
     * @return a sequential, ordered stream
     */
    public Stream<PropertyTree> streamRows(String query) {
        return streamRows(query, PageRequest.MAX_PAGE_SIZE);
    }

    /**
     * Streams every row a query produces with the given page size.
     *
     * @param query the query text
     * @param pageSize items per page, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @return a sequential, ordered stream
     * @throws IllegalArgumentException if the page size is out of range
     */
    public Stream<PropertyTree> streamRows(String query, int pageSize) {
        Objects.requireNonNull(query, "query");
        return Paging.stream(pageSize, page -> rows(query, page));
    }

    /** Returns the acting operator, for logs. */
    /**
     * Runs a typed {@code SELECT *} query over twins and returns one page; same as {@link #twins(String,
     * PageRequest)} with {@code query.text()}.
     *
     * @param query the query, from {@link Query#devices()} or {@link Query#modules()}
     * @param page the page size and continuation token
     * @return one page
     * @throws InvalidQueryException if the query does not select whole twins
     * @throws AccessDeniedException if the operator may not run queries
     * @throws FleetException for other failures of the hub, after retries
     */
    public QueryPage<Twin> twins(Query query, PageRequest page) {
        return twins(query.text(), page);
    }

    /**
     * Runs a typed query and returns one page of rows; same as {@link #rows(String, PageRequest)} with
     * {@code query.text()}.
     *
     * @param query the query
     * @param page the page size and continuation token
     * @return one page
     * @throws AccessDeniedException if the operator may not run queries
     * @throws FleetException for other failures of the hub, after retries
     */
    public QueryPage<PropertyTree> rows(Query query, PageRequest page) {
        return rows(query.text(), page);
    }

    /**
     * Returns every twin a typed query matches as a lazy stream; same as {@link #streamTwins(String)}.
     *
     * @param query the query
     * @return the twins
     */
    public Stream<Twin> streamTwins(Query query) {
        return streamTwins(query.text());
    }

    /**
     * Returns every row a typed query produces as a lazy stream; same as {@link #streamRows(String)}.
     *
     * @param query the query
     * @return the rows
     */
    public Stream<PropertyTree> streamRows(Query query) {
        return streamRows(query.text());
    }

    @Override
    public String toString() {
        return "Queries[operator=" + caller.operator().name() + "]";
    }
}
