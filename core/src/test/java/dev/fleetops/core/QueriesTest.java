package dev.fleetops.core;

import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Twin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueriesTest {

    private static final String ALL = "SELECT * FROM devices";

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevices(250);
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();

    @Test
    void twins_onePage_returnsItsContinuationToken() {
        QueryPage<Twin> page = client.queries().twins(ALL, PageRequest.first(100));

        assertThat(page.items()).hasSize(100);
        assertThat(page.continuationToken()).contains("100");
        assertThat(client.queries().twins(ALL, PageRequest.first(100).next("200")).items()).hasSize(50);
    }

    @Test
    void streamTwins_followsContinuationTokensOverAllPages() {
        List<String> ids = client.queries().streamTwins(ALL).map(t -> t.deviceId().value())
                .collect(Collectors.toList());

        assertThat(ids).hasSize(250).doesNotHaveDuplicates().startsWith("dev-0000").endsWith("dev-0249");
        assertThat(hub.calls("queries.twins")).isEqualTo(3);
        assertThat(client.statistics().of(OperationClass.QUERY).calls()).isEqualTo(3);
    }

    @Test
    void streamTwins_isLazy_fetchesNothingUntilConsumedAndNoMoreThanNeeded() {
        Stream<Twin> stream = client.queries().streamTwins(ALL, 50);

        assertThat(hub.calls("queries.twins")).isZero();
        assertThat(stream.limit(60).count()).isEqualTo(60);
        assertThat(hub.calls("queries.twins")).isEqualTo(2);
    }

    @Test
    void iterateTwins_eachIteratorStartsAgainFromTheFirstPage() {
        Iterable<Twin> all = client.queries().iterateTwins(ALL, 100);
        int first = 0;
        for (Twin ignored : all) {
            first++;
        }
        Iterator<Twin> again = all.iterator();

        assertThat(first).isEqualTo(250);
        assertThat(again.next().deviceId().value()).isEqualTo("dev-0000");
        assertThat(hub.calls("queries.twins")).isEqualTo(4);
    }

    @Test
    void iterateRows_exhausted_nextThrowsNoSuchElement() {
        FakeHub small = new FakeHub(clock).withDevices(2);
        Iterator<PropertyTree> rows = FleetClient.builder().hub(small).clock(clock).build().queries()
                .iterateRows("SELECT deviceId FROM devices").iterator();

        List<PropertyTree> seen = new ArrayList<>();
        rows.forEachRemaining(seen::add);

        assertThat(seen).hasSize(2);
        assertThat(rows.hasNext()).isFalse();
        assertThatThrownBy(rows::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void streamRows_pageFailsWith5xx_isRetried() {
        hub.failCall("queries.raw", 2, When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));

        assertThat(client.queries().streamRows("SELECT deviceId FROM devices").count()).isEqualTo(250);
        assertThat(hub.calls("queries.raw")).isEqualTo(4);
    }

    @Test
    void streamTwins_pageFailsForGood_surfacesWhileConsuming() {
        hub.failCall("queries.twins", 2, When.BEFORE, () -> new BadRequestException("bad token"));
        Stream<Twin> stream = client.queries().streamTwins(ALL);

        assertThatThrownBy(stream::count).isInstanceOf(BadRequestException.class);
    }

    @Test
    void streamTwins_pageSizeOutOfRange_throws() {
        assertThatThrownBy(() -> client.queries().streamTwins(ALL, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twins_deniedOperator_throwsPerPage() {
        FleetClient denied = FleetClient.builder().hub(hub).clock(clock).authorizer(Authorizer.roleBased())
                .auditSink(new RecordingAuditSink()).build();

        assertThatThrownBy(() -> denied.queries().streamTwins(ALL).findFirst())
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("query.run");
        assertThat(hub.calls("queries.twins")).isZero();
    }

    @Test
    void twins_invalidText_failsBeforeAnyCallOrPacing() {
        FleetClient paced = FleetClient.builder().hub(hub).clock(clock)
                .tier(dev.fleetops.core.model.HubTier.s1(1)).build();
        java.time.Instant before = clock.instant();
        assertThatThrownBy(() -> paced.queries().twins("SELECT * FORM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("column 10");
        assertThatThrownBy(() -> paced.queries().rows("SELECT * FROM devices WHERE STARTS_WITH(deviceId, 'a')",
                PageRequest.first())).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("routing");
        assertThat(hub.calls("queries.twins") + hub.calls("queries.raw")).isZero();
        assertThat(paced.statistics().of(OperationClass.QUERY).calls()).isZero();
        assertThat(clock.instant()).isEqualTo(before);
    }

    @Test
    void twins_projection_refusedWithAHint() {
        assertThatThrownBy(() -> client.queries().twins("SELECT deviceId FROM devices", PageRequest.first()))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("use rows()");
        assertThat(hub.calls("queries.twins")).isZero();
    }

    @Test
    void typedQuery_overloads_sendTheCanonicalText() {
        dev.fleetops.core.query.Query q = dev.fleetops.core.query.Query.devices()
                .where(dev.fleetops.core.query.Path.tag("region").eq("eu")).build();
        assertThat(client.queries().twins(q, PageRequest.first(10)).items()).hasSize(10);
        assertThat(client.queries().streamTwins(q).count()).isEqualTo(250);
        assertThat(client.queries().streamRows(q).count()).isEqualTo(250);
        assertThat(client.queries().rows(q, PageRequest.first(5)).items()).hasSize(5);
    }
}
