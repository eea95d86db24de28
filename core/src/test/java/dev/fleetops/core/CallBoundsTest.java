package dev.fleetops.core;

import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.CallOptions;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deadlines, maximum pacing waits and interrupts: a bounded call stops, gives back its quota and says why. */
class CallBoundsTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();
    private static final RetryPolicy MANY_ATTEMPTS = new RetryPolicy(50, Duration.ofSeconds(1), Duration.ofSeconds(30),
            2.0, 0.0);

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevice("d1");
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    private FleetClient.Builder builder() {
        return FleetClient.builder().hub(hub).clock(clock).auditSink(audit).callListener(CallListener.of(events::add));
    }

    @Test
    void deadline_retriesThatWouldOutlastIt_stopWithTheLastFailureAsCause() {
        FleetClient client = builder().retryPolicy(MANY_ATTEMPTS)
                .callOptions(CallOptions.defaults().withDeadline(Duration.ofSeconds(20))).build();
        hub.failNext("twins.get", 50, When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));
        Instant start = clock.instant();

        assertThatThrownBy(() -> client.twins().get(D1))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
                    assertThat(e.bound()).isEqualTo(DeadlineExceededException.Bound.DEADLINE);
                    assertThat(e.limit()).isEqualTo(Duration.ofSeconds(20));
                })
                .hasCauseInstanceOf(ServiceUnavailableException.class);

        // Backoffs 1, 2, 4, 8 s fit in 20 s; the next (16 s) would end past it, so it is not waited.
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(15));
        assertThat(hub.calls("twins.get")).isEqualTo(5);
        CallEvent.CallEnded end = (CallEvent.CallEnded) events.get(events.size() - 1);
        assertThat(end.outcome()).isEqualTo(CallEvent.Outcome.TIMED_OUT);
        assertThat(end.attempts()).isEqualTo(5);
        assertThat(end.latency()).isEqualTo(Duration.ofSeconds(15));
        assertThat(client.statistics().total().failures()).isEqualTo(1);
    }

    @Test
    void deadline_perCallOverride_appliesToThatViewOnly() {
        FleetClient client = builder().retryPolicy(MANY_ATTEMPTS).build();
        hub.failNext("twins.get", 3, When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));

        assertThatThrownBy(() -> client.with(CallOptions.defaults().withDeadline(Duration.ofSeconds(2))).twins()
                .get(D1)).isInstanceOf(DeadlineExceededException.class);
        // The client's own default (10 minutes) lets the same call through after the remaining failure.
        assertThat(client.twins().get(D1).deviceId()).isEqualTo(D1);
        assertThat(client.callOptions()).isEqualTo(CallOptions.defaults());
    }

    @Test
    void maxPacingWait_exceeded_throwsWithoutSendingAndGivesTheQuotaBack() {
        FleetClient client = builder().tier(HubTier.s1(1)).build();
        FleetClient impatient = client.with(CallOptions.defaults().withMaxPacingWait(Duration.ZERO));
        client.devices().get(D1); // takes the registry bucket's only permit (S1: 100 per minute)
        Instant afterFirst = clock.instant();

        assertThatThrownBy(() -> impatient.devices().get(D1))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.bound()).isEqualTo(DeadlineExceededException.Bound.MAX_PACING_WAIT));
        assertThatThrownBy(() -> impatient.devices().get(D1)).isInstanceOf(DeadlineExceededException.class);

        assertThat(hub.calls("registry.get")).isEqualTo(1);
        assertThat(clock.instant()).isEqualTo(afterFirst);
        // Neither refused call kept its reservation: the next call waits one permit's time (0.6 s), not three.
        client.devices().get(D1);
        assertThat(Duration.between(afterFirst, clock.instant())).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void interrupt_beforeACall_throwsAuditsInterruptedAndKeepsTheFlag() {
        FleetClient client = builder().build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.twins().patch(D1, FW2)).isInstanceOf(InterruptedCallException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(hub.calls("twins.patch")).isZero();
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.INTERRUPTED);
        assertThat(audit.last().failure()).isEqualTo(InterruptedCallException.class.getName());
        CallEvent.CallEnded end = (CallEvent.CallEnded) events.get(events.size() - 1);
        assertThat(end.outcome()).isEqualTo(CallEvent.Outcome.INTERRUPTED);
        assertThat(end.attempts()).isZero();
    }

    @Test
    void interrupt_duringRetryBackoff_stopsTheCall() {
        FleetClient client = builder().retryPolicy(MANY_ATTEMPTS).callListener(new CallListener() {
            @Override
            public void onRetrying(CallEvent.Retrying event) {
                Thread.currentThread().interrupt(); // as if another thread interrupted us just now
            }
        }).build();
        hub.failNext("twins.get", 5, When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));

        try {
            assertThatThrownBy(() -> client.twins().get(D1)).isInstanceOf(InterruptedCallException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(hub.calls("twins.get")).isEqualTo(1);
    }

    /**
     * The release of a reservation when the wait itself is interrupted: on a clock that stands still, the client
     * sleeps in real time, and another thread interrupts that sleep.
     */
    @Test
    void interrupt_duringPacingWait_givesTheReservationBack() throws Exception {
        FrozenClock frozen = new FrozenClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakeHub fake = new FakeHub(VirtualClock.create()).withDevice("d1");
        // S1 registry at a 1% share: one operation per minute, so the second call waits a whole minute.
        FleetClient client = FleetClient.builder().hub(fake).clock(frozen).tier(HubTier.s1(1)).pacingShare(0.01)
                .build();
        client.devices().get(D1);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                client.devices().get(D1);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join();

        assertThat(failure.get()).isInstanceOf(InterruptedCallException.class);
        assertThat(fake.calls("registry.get")).isEqualTo(1);
        // Had the interrupted call kept its permit, the next one would need about two minutes, not one.
        assertThatThrownBy(() -> client.with(CallOptions.defaults().withMaxPacingWait(Duration.ofSeconds(1)))
                .devices().get(D1)).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
                    Matcher m = Pattern.compile("needs a wait of (PT\\S+),").matcher(e.getMessage());
                    assertThat(m.find()).as(e.getMessage()).isTrue();
                    assertThat(Duration.parse(m.group(1))).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
                });
    }

    @Test
    void interrupt_betweenBulkCalls_throwsWithWhatHappenedToEveryDeviceAndAuditsInterrupted() {
        FleetClient client = builder().callListener(new CallListener() {
            @Override
            public void onCallEnded(CallEvent.CallEnded event) {
                Thread.currentThread().interrupt(); // the interrupt arrives after the first of three bulk calls
            }
        }).build();
        List<dev.fleetops.core.model.BulkOperation> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ops.add(dev.fleetops.core.model.BulkOperation.create(
                    dev.fleetops.core.model.Device.of(DeviceId.of("new-" + i))));
        }

        try {
            assertThatThrownBy(() -> client.devices().bulk(ops))
                    .isInstanceOfSatisfying(dev.fleetops.core.error.BulkInterruptedException.class, e -> {
                        assertThat(e.partial().successful()).isFalse();
                        assertThat(e.partial().errors()).hasSize(150);
                        assertThat(e.partial().errors().subList(0, 100)).allSatisfy(err -> assertThat(
                                err.errorCode()).isEqualTo("Interrupted"));
                        assertThat(e.partial().errors().subList(100, 150)).allSatisfy(err -> assertThat(
                                err.errorCode()).isEqualTo(Devices.NOT_ATTEMPTED));
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(hub.bulkSizes()).containsExactly(100);
        assertThat(hub.hasDevice("new-99")).isTrue();
        assertThat(hub.hasDevice("new-100")).isFalse();
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.INTERRUPTED);
    }

    @Test
    void listener_eventsOfARetriedCall_comeInOrderWithLatency() {
        FleetClient client = builder().retryPolicy(MANY_ATTEMPTS).build();
        hub.failNext("twins.get", When.BEFORE, () -> new ServiceUnavailableException(503, "busy"));

        client.twins().get(D1);

        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("AttemptStarted", "Retrying", "AttemptStarted", "CallEnded");
        assertThat(events).extracting(e -> e.call().callId()).containsOnly(events.get(0).call().callId());
        CallEvent.Retrying retry = (CallEvent.Retrying) events.get(1);
        assertThat(retry.failure()).isEqualTo("ServiceUnavailableException");
        assertThat(retry.backoff()).isEqualTo(Duration.ofSeconds(1));
        CallEvent.CallEnded end = (CallEvent.CallEnded) events.get(3);
        assertThat(end.outcome()).isEqualTo(CallEvent.Outcome.SUCCEEDED);
        assertThat(end.latency()).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.statistics().total().latencyMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.statistics().total().ended()).isEqualTo(1);
    }

    @Test
    void listener_thatThrows_neverReachesTheCall() {
        List<String> heard = new CopyOnWriteArrayList<>();
        FleetClient client = builder().callListener(CallListener.of(e -> {
            throw new IllegalStateException("listener bug");
        })).callListener(CallListener.of(e -> heard.add(e.getClass().getSimpleName()))).build();

        assertThat(client.twins().get(D1).deviceId()).isEqualTo(D1);
        assertThat(heard).containsExactly("AttemptStarted", "CallEnded");
    }

    @Test
    void listener_pacedCalls_hearThePacingWait() {
        FleetClient client = builder().tier(HubTier.s1(1)).build();

        client.devices().get(D1);
        client.devices().get(D1);

        assertThat(events).filteredOn(e -> e instanceof CallEvent.PacingWaited).singleElement()
                .satisfies(e -> assertThat(((CallEvent.PacingWaited) e).waited()).isEqualTo(Duration.ofMillis(600)));
    }

    /** A clock that never moves, so that waits on it happen in real time. */
    private static final class FrozenClock extends Clock {
        private final Instant now;

        FrozenClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
