package dev.fleetops.core.internal;

import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.QueryPage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazy iteration over every page of a paged hub call, following continuation tokens. Nothing is fetched until the
 * first element is asked for, and a page is fetched only when the previous one is used up. Stateless and
 * thread-safe; each iterator it returns is for one thread.
 */
public final class Paging {

    private Paging() {
    }

    /**
     * Returns an iterable whose every iterator runs the paged call from the first page.
     *
     * @param pageSize the page size, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @param fetch fetches one page
     * @param <T> the item type
     * @return the iterable
     * @throws IllegalArgumentException if the page size is out of range
     */
    public static <T> Iterable<T> iterable(int pageSize, Function<PageRequest, QueryPage<T>> fetch) {
        PageRequest first = PageRequest.first(pageSize);
        Objects.requireNonNull(fetch, "fetch");
        return () -> new PageIterator<>(first, fetch);
    }

    /**
     * Returns a sequential, ordered stream over every item of the paged call.
     *
     * @param pageSize the page size, 1 to {@value PageRequest#MAX_PAGE_SIZE}
     * @param fetch fetches one page
     * @param <T> the item type
     * @return the stream
     * @throws IllegalArgumentException if the page size is out of range
     */
    public static <T> Stream<T> stream(int pageSize, Function<PageRequest, QueryPage<T>> fetch) {
        Iterable<T> iterable = iterable(pageSize, fetch);
        return StreamSupport.stream(() -> Spliterators.spliteratorUnknownSize(iterable.iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), Spliterator.ORDERED | Spliterator.NONNULL, false);
    }

    private static final class PageIterator<T> implements Iterator<T> {
        private final Function<PageRequest, QueryPage<T>> fetch;
        private PageRequest next;
        private Iterator<T> current = java.util.Collections.emptyIterator();

        PageIterator(PageRequest first, Function<PageRequest, QueryPage<T>> fetch) {
            this.next = first;
            this.fetch = fetch;
        }

        @Override
        public boolean hasNext() {
            // Loop: a page may be empty and still carry a continuation token.
            while (!current.hasNext() && next != null) {
                QueryPage<T> page = fetch.apply(next);
                current = page.items().iterator();
                next = page.continuationToken().map(next::next).orElse(null);
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more items");
            }
            return current.next();
        }
    }
}
