package dev.fleetops.core.spi;

import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;

/**
 * Paged queries in IoT Hub's query language. Results are eventually consistent on a real hub (Microsoft says to
 * tolerate up to 30 minutes); read a twin by id when it must be current. Each page counts as one query against the
 * hub's query throttle.
 *
 * <p>Implementations are thread-safe and validate the query text before any call, throwing
 * {@link dev.fleetops.core.error.InvalidQueryException} with the position of the problem. All methods are idempotent.
 */
public interface QueryService {

    /**
     * Runs {@code SELECT * FROM devices [WHERE ...]} (or {@code devices.modules}) and returns whole twins.
     *
     * @param query the query text, at most 8,192 characters
     * @param page the page size and continuation token; send the same query text with each token
     * @return one page of twins
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not valid, or is not a {@code SELECT *} over
     *     twins
     * @throws dev.fleetops.core.error.BadRequestException if the continuation token does not belong to this query
     */
    QueryPage<Twin> queryTwins(String query, PageRequest page);

    /**
     * Runs any query (projections, aggregates with {@code GROUP BY}, {@code devices.jobs}) and returns its rows as
     * the hub returns them, with the hub's property names ({@code SELECT DeviceId} answers {@code deviceId}).
     *
     * @param query the query text, at most 8,192 characters
     * @param page the page size and continuation token; send the same query text with each token
     * @return one page of rows
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not valid
     * @throws dev.fleetops.core.error.BadRequestException if the continuation token does not belong to this query
     */
    QueryPage<PropertyTree> queryRaw(String query, PageRequest page);
}
