package dev.fleetops.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a query to fetch: a page size and the continuation token from the previous page.
 *
 * <p>IoT Hub serves at most {@value #MAX_PAGE_SIZE} items a page and expects the same query text with each
 * continuation token. Start with {@link #first()} or {@link #first(int)} and move on with {@link #next(String)}.
 * Immutable and thread-safe; equal when page size and token are.
 */
public final class PageRequest {

    /** The largest page IoT Hub serves. */
    public static final int MAX_PAGE_SIZE = 100;

    private final int pageSize;
    private final String continuationToken;

    private PageRequest(int pageSize, String continuationToken) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize is " + pageSize + "; IoT Hub serves 1 to " + MAX_PAGE_SIZE
                    + " items a page");
        }
        this.pageSize = pageSize;
        this.continuationToken = continuationToken;
    }

    /**
     * Returns a request for the first page with the largest page size.
     *
     * @return the request
     */
    public static PageRequest first() {
        return new PageRequest(MAX_PAGE_SIZE, null);
    }

    /**
     * Returns a request for the first page.
     *
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @return the request
     * @throws IllegalArgumentException if the page size is outside 1..{@value #MAX_PAGE_SIZE}
     */
    public static PageRequest first(int pageSize) {
        return new PageRequest(pageSize, null);
    }

    /**
     * Returns the request for the page after the one that returned {@code token}, with the same page size.
     *
     * @param token the continuation token of the previous page
     * @return the request
     * @throws NullPointerException if {@code token} is null
     * @throws IllegalArgumentException if {@code token} is blank
     */
    public PageRequest next(String token) {
        Objects.requireNonNull(token, "continuationToken");
        if (token.isBlank()) {
            throw new IllegalArgumentException("continuationToken is blank; use PageRequest.first for the first page");
        }
        return new PageRequest(pageSize, token);
    }

    /**
     * Returns the most items to return.
     *
     * @return 1 to {@value #MAX_PAGE_SIZE}
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Returns the token from the previous page.
     *
     * @return the token, or empty for the first page
     */
    public Optional<String> continuationToken() {
        return Optional.ofNullable(continuationToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRequest && ((PageRequest) o).pageSize == pageSize
                && Objects.equals(((PageRequest) o).continuationToken, continuationToken);
    }

    @Override
    public int hashCode() {
        return 31 * pageSize + Objects.hashCode(continuationToken);
    }

    /** Shows the page size and whether a token is present (tokens are opaque and may be long). */
    @Override
    public String toString() {
        return "PageRequest[pageSize=" + pageSize + (continuationToken == null ? ", first" : ", continued") + "]";
    }
}
