package dev.fleetops.core.azure;

import dev.fleetops.core.model.QueryPage;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

class SdkPagesTest {

    /** Behaves like the SDK's query responses: next() fetches the following page once the current one is used. */
    private static final class FakeResponse implements SdkPages.Response<String> {
        private final Deque<List<String>> pages;
        private final java.util.LinkedList<String> tokens;
        private Deque<String> current;
        private String token;
        int fetches;

        FakeResponse(List<List<String>> pages, List<String> tokens) {
            this.pages = new ArrayDeque<>(pages);
            this.tokens = new java.util.LinkedList<>(tokens);
            this.current = new ArrayDeque<>(this.pages.poll());
            this.token = this.tokens.poll();
        }

        @Override
        public boolean hasNext() {
            return !current.isEmpty() || token != null;
        }

        @Override
        public String next() {
            if (current.isEmpty()) {
                if (token == null) {
                    throw new NoSuchElementException();
                }
                fetches++;
                current = new ArrayDeque<>(pages.poll());
                token = tokens.poll();
            }
            return current.poll();
        }

        @Override
        public String continuationToken() {
            return token;
        }
    }

    @Test
    void fullPage_stopsAtThePageSizeWithoutFetching() throws Exception {
        FakeResponse r = new FakeResponse(List.of(List.of("a", "b"), List.of("c")), java.util.Arrays.asList("t1",
                null));

        QueryPage<String> page = SdkPages.onePage(r, 2, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.continuationToken()).contains("t1");
        assertThat(r.fetches).isZero();
    }

    @Test
    void shortPageWithToken_dropsTheSilentlyFetchedItemAndKeepsItsToken() throws Exception {
        FakeResponse r = new FakeResponse(List.of(List.of("a"), List.of("b", "c")), java.util.Arrays.asList("t1",
                "t2"));

        QueryPage<String> page = SdkPages.onePage(r, 3, s -> s);

        assertThat(page.items()).containsExactly("a");
        assertThat(page.continuationToken()).contains("t1");
    }

    @Test
    void lastPage_readsWhatIsLeftAndHasNoToken() throws Exception {
        FakeResponse r = new FakeResponse(List.of(List.of("a", "b")), java.util.Collections.singletonList(null));

        QueryPage<String> page = SdkPages.onePage(r, 5, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void emptyLastPage_isEmpty() throws Exception {
        FakeResponse r = new FakeResponse(List.of(List.of()), java.util.Collections.singletonList(null));

        assertThat(SdkPages.onePage(r, 5, s -> s).items()).isEmpty();
    }
}
