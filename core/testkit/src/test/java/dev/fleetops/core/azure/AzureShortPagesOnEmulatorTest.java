package dev.fleetops.core.azure;

import dev.fleetops.testkit.emulator.Exchange;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query pages when the hub answers fewer items than asked for and still sends a continuation token, as IoT Hub may:
 * each SPI call is exactly one hub request, whose page is returned as the hub gave it, token and all.
 */
class AzureShortPagesOnEmulatorTest {

    /** The emulator serves at most 2 items a page, whatever the client asks for. */
    private final EmulatedAzureHub env = new EmulatedAzureHub(e -> e.maxPageSize(2), b -> b);
    private final AzureIotHub hub = env.azure;

    @BeforeEach
    void fleet() {
        for (int i = 0; i < 5; i++) {
            env.simulator.addDevice(DeviceId.of("dev-" + i), PropertyTree.builder().put("ring", 0).build(),
                    PropertyTree.empty());
        }
    }

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private long requests(String route) {
        return env.emulator.exchanges().stream().map(Exchange::route).filter(route::equals).count();
    }

    /** Pages through with pages of 5 and checks that each call made exactly one request. */
    private <T> List<T> pageThrough(String route, Function<PageRequest, QueryPage<T>> call) {
        List<T> all = new ArrayList<>();
        PageRequest page = PageRequest.first(5);
        for (int calls = 1; ; calls++) {
            long before = requests(route);
            QueryPage<T> p = call.apply(page);
            assertThat(requests(route) - before).as("hub requests of call %s", calls).isEqualTo(1);
            assertThat(p.items()).hasSizeLessThanOrEqualTo(2);
            all.addAll(p.items());
            if (!p.hasMore()) {
                return all;
            }
            page = page.next(p.continuationToken().get());
        }
    }

    @Test
    void queryTwins_shortPageWithToken_oneRequestAndThePageAsTheHubGaveIt() {
        QueryPage<Twin> first = hub.queries().queryTwins("SELECT * FROM devices", PageRequest.first(5));

        assertThat(first.items()).extracting(t -> t.deviceId().value()).containsExactly("dev-0", "dev-1");
        assertThat(first.continuationToken()).isPresent();
        assertThat(requests("POST /devices/query")).isEqualTo(1);
        assertThat(env.emulator.exchanges().get(0).requestHeader("x-ms-max-item-count")).contains("5");
    }

    @Test
    void queryTwins_pagingOn_readsEveryDeviceOnceInThreeRequests() {
        List<Twin> all = pageThrough("POST /devices/query",
                page -> hub.queries().queryTwins("SELECT * FROM devices", page));

        assertThat(all).extracting(t -> t.deviceId().value())
                .containsExactly("dev-0", "dev-1", "dev-2", "dev-3", "dev-4");
        assertThat(requests("POST /devices/query")).isEqualTo(3);
    }

    @Test
    void queryRaw_pagingOn_oneRequestPerCall() {
        List<PropertyTree> all = pageThrough("POST /devices/query",
                page -> hub.queries().queryRaw("SELECT deviceId FROM devices", page));

        assertThat(all).extracting(r -> r.getString("deviceId").orElse("?"))
                .containsExactly("dev-0", "dev-1", "dev-2", "dev-3", "dev-4");
    }

    @Test
    void jobsList_pagingOn_oneRequestPerCall() {
        for (int i = 0; i < 3; i++) {
            hub.jobs().scheduleTwinUpdate("job-" + i, "tags.ring = 0", TwinPatch.builder().desired("x", i).build(),
                    env.clock.instant().plus(Duration.ofHours(1)), Duration.ofMinutes(10));
            env.simulator.advance(Duration.ofSeconds(10));
        }

        List<ScheduledJob> all = pageThrough("GET /jobs/v2/query",
                page -> hub.jobs().list(JobFilter.all(), page));

        assertThat(all).extracting(ScheduledJob::jobId).containsExactly("job-2", "job-1", "job-0");
    }

    @Test
    void deviceResults_pagingOn_oneRequestPerCall() {
        hub.jobs().scheduleTwinUpdate("wave", "tags.ring = 0", TwinPatch.builder().desired("x", 1).build(),
                env.clock.instant(), Duration.ofMinutes(10));
        env.simulator.advance(Duration.ofMinutes(1));

        List<DeviceJobResult> all = pageThrough("POST /devices/query",
                page -> hub.jobs().deviceResults("wave", page));

        assertThat(all).extracting(r -> r.deviceId().value())
                .containsExactlyInAnyOrder("dev-0", "dev-1", "dev-2", "dev-3", "dev-4");
    }
}
