package dev.fleetops.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a query to fetch: a page size and the continuation token from the previous page.
 *
 * <p>IoT Hub serves at most {@value #MAX_PAGE_SIZE} items a page and expects the same query text with each
 * continuation token. Immutable and thread-safe.
 *
 * @param pageSize the most items to return, 1 to {@value #MAX_PAGE_SIZE}
 * @param continuationToken the token from the previous page, empty for the first page
 */
public record PageRequest(int pageSize, Optional<String> continuationToken) {

    /** The largest page IoT Hub serves. */
    public static final int MAX_PAGE_SIZE = 100;

    /**
     * Validates the request.
     *
     * @param pageSize the most items to return, 1 to {@value #MAX_PAGE_SIZE}
     * @param continuationToken the token from the previous page, empty for the first page
     * @throws IllegalArgumentException if the page size is outside 1..{@value #MAX_PAGE_SIZE} or the token is blank
     */
    public PageRequest {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize is " + pageSize + "; IoT Hub serves 1 to " + MAX_PAGE_SIZE
                    + " items a page");
        }
        Objects.requireNonNull(continuationToken, "continuationToken");
        if (continuationToken.isPresent() && continuationToken.get().isBlank()) {
            throw new IllegalArgumentException("continuationToken is blank; pass Optional.empty() for the first page");
        }
    }

    /**
     * Returns a request for the first page with the largest page size.
     *
     * @return the request
     */
    public static PageRequest first() {
        return new PageRequest(MAX_PAGE_SIZE, Optional.empty());
    }

    /**
     * Returns a request for the first page.
     *
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @return the request
     */
    public static PageRequest first(int pageSize) {
        return new PageRequest(pageSize, Optional.empty());
    }

    /**
     * Returns the request for the page after the one that returned {@code token}, with the same page size.
     *
     * @param token the continuation token of the previous page
     * @return the request
     */
    public PageRequest next(String token) {
        return new PageRequest(pageSize, Optional.of(token));
    }
}
