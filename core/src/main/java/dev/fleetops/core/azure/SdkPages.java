package dev.fleetops.core.azure;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import dev.fleetops.core.model.QueryPage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads exactly one page from the SDK's query responses. Their {@code next()} fetches the following page by itself
 * once the current one is used up, and {@code hasNext()} cannot tell a remaining item from a remaining page, so a
 * page is read up to the page size and a silent fetch is detected by the continuation token changing: that item is
 * dropped and the page's own token returned, so that the caller's next request starts the following page from its
 * beginning. Stateless.
 */
final class SdkPages {

    private SdkPages() {
    }

    /** The parts of a {@code *QueryResponse} that paging needs. */
    interface Response<R> {
        boolean hasNext();

        R next() throws IOException, IotHubException;

        String continuationToken();
    }

    static <R, T> QueryPage<T> onePage(Response<R> response, int pageSize, Function<R, T> convert)
            throws IOException, IotHubException {
        String token = response.continuationToken();
        List<T> items = new ArrayList<>();
        while (items.size() < pageSize && response.hasNext()) {
            R next;
            if (token == null) {
                // last page: hasNext() counts only the items held
                next = response.next();
            } else {
                try {
                    next = response.next();
                } catch (NoSuchElementException | IOException | IotHubException | IllegalArgumentException e) {
                    // a fetch of the following page was attempted; it is the caller's to make
                    break;
                }
                if (!Objects.equals(token, response.continuationToken())) {
                    break;
                }
            }
            items.add(convert.apply(next));
        }
        Optional<String> next = token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
        return new QueryPage<>(items, next);
    }
}
