package dev.fleetops.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of query results and the token for the next page.
 *
 * <p>Immutable, and thread-safe when {@code T} is; equal when items and token are.
 *
 * @param <T> the item type: {@link Twin} or {@link PropertyTree} rows
 */
public final class QueryPage<T> {

    private final List<T> items;
    private final String continuationToken;

    private QueryPage(List<T> items, String continuationToken) {
        this.items = List.copyOf(items);
        this.continuationToken = continuationToken;
    }

    /**
     * Returns a page followed by another, or the last page when {@code continuationToken} is null or empty.
     *
     * @param <T> the item type
     * @param items the items of this page, in the hub's order (copied)
     * @param continuationToken the token for the next page; null or empty on the last page
     * @return the page
     * @throws NullPointerException if {@code items} or an item is null
     */
    public static <T> QueryPage<T> of(List<T> items, String continuationToken) {
        return new QueryPage<>(items, continuationToken == null || continuationToken.isEmpty() ? null
                : continuationToken);
    }

    /**
     * Returns the last page of a result.
     *
     * @param <T> the item type
     * @param items the items of this page, in the hub's order (copied)
     * @return the page
     * @throws NullPointerException if {@code items} or an item is null
     */
    public static <T> QueryPage<T> last(List<T> items) {
        return new QueryPage<>(items, null);
    }

    /**
     * Returns the items of this page, in the hub's order.
     *
     * @return an unmodifiable list
     */
    public List<T> items() {
        return items;
    }

    /**
     * Returns the token for the next page.
     *
     * @return the token, or empty on the last page
     */
    public Optional<String> continuationToken() {
        return Optional.ofNullable(continuationToken);
    }

    /**
     * Tells whether another page follows.
     *
     * @return true when a continuation token is present
     */
    public boolean hasMore() {
        return continuationToken != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryPage && ((QueryPage<?>) o).items.equals(items)
                && Objects.equals(((QueryPage<?>) o).continuationToken, continuationToken);
    }

    @Override
    public int hashCode() {
        return 31 * items.hashCode() + Objects.hashCode(continuationToken);
    }

    @Override
    public String toString() {
        return "QueryPage[items=" + items.size() + (continuationToken == null ? ", last" : ", more") + "]";
    }
}
