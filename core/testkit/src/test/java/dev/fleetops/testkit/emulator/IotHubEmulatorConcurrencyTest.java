package dev.fleetops.testkit.emulator;

import dev.fleetops.core.model.ETag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetops.core.model.DeviceId;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests served concurrently: every change lands once, ETags arbitrate, every exchange is recorded once. */
class IotHubEmulatorConcurrencyTest extends EmulatorTestBase {

    private static final DeviceId DEV = DeviceId.of("dev-1");

    private List<Integer> runConcurrently(int threads, int perThread, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < threads * perThread; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unconditionalPatchesFromEightThreads_eachAppliedOnce() throws Exception {
        hub.load(dev.fleetops.core.model.Twin.builder(DEV).build());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> statuses = runConcurrently(8, 25, () -> rest("PATCH", "/twins/dev-1",
                "{\"properties\":{\"desired\":{\"k" + n.incrementAndGet() + "\":1}}}", Map.of()).statusCode());

        assertThat(statuses).hasSize(200).containsOnly(200);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(201);
        assertThat(hub.twins().get(DEV).desired().size()).isEqualTo(200);
        assertThat(emulator.exchanges()).hasSize(200).extracting(Exchange::sequence).doesNotHaveDuplicates();
    }

    @Test
    void guardedPatchesWithTheSameEtag_exactlyOneWins() throws Exception {
        hub.load(dev.fleetops.core.model.Twin.builder(DEV).build());
        ETag etag = hub.twins().get(DEV).etag();

        List<Integer> statuses = runConcurrently(8, 4, () -> {
            HttpResponse<String> r = rest("PATCH", "/twins/dev-1", "{\"tags\":{\"owner\":\""
                    + Thread.currentThread().getName() + "\"}}", Map.of("If-Match", etag.value()));
            return r.statusCode();
        });

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 412).count()).isEqualTo(31);
        assertThat(hub.twins().get(DEV).version()).isEqualTo(2);
    }
}
