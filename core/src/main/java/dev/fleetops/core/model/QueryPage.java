package dev.fleetops.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of query results and the token for the next page.
 *
 * <p>Immutable and thread-safe when {@code T} is.
 *
 * @param <T> the item type: {@link Twin} or {@link PropertyTree} rows
 * @param items the items of this page, in the hub's order
 * @param continuationToken the token for the next page, empty on the last page
 */
public record QueryPage<T>(List<T> items, Optional<String> continuationToken) {

    /**
     * Copies the items.
     *
     * @param items the items of this page, in the hub's order
     * @param continuationToken the token for the next page, empty on the last page
     * @throws NullPointerException if an argument or an item is null
     */
    public QueryPage {
        items = List.copyOf(items);
        Objects.requireNonNull(continuationToken, "continuationToken");
    }

    /**
     * Tells whether another page follows.
     *
     * @return true when a continuation token is present
     */
    public boolean hasMore() {
        return continuationToken.isPresent();
    }
}
