package dev.fleetops.core.internal;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.CallOptions;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallPolicyTest {

    private static final RetryPolicy NO_JITTER = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.0);

    private final VirtualClock clock = VirtualClock.create();
    private final Instant start = clock.instant();

    private CallPolicy policy(RetryPolicy retry) {
        return new CallPolicy(retry, Sleeper.forClock(clock), null, CallListener.NONE);
    }

    /** A new call's scope on the test's clock, with the default bounds. */
    private CallScope scope() {
        return new CallScope(new Caller(Operator.system(), null, CallOptions.defaults()), Action.TWIN_READ, "t",
                Sleeper.forClock(clock).nanoTime());
    }

    /** A call that throws the given failures in turn, then answers "ok". */
    private static final class Scripted implements Supplier<String> {
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        Scripted(RuntimeException... failures) {
            this.failures.addAll(java.util.List.of(failures));
        }

        @Override
        public String get() {
            calls.incrementAndGet();
            RuntimeException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return "ok";
        }
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException(503, "hub busy");
    }

    private static ThrottledException throttled(Optional<Duration> retryAfter) {
        return new ThrottledException("twin updates over quota", retryAfter.orElse(null));
    }

    private Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    @Test
    void execute_idempotentCallFailsWith5xx_retriesUntilItSucceeds() {
        Scripted call = new Scripted(busy(), busy());

        String result = policy(NO_JITTER).execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(),
                call);

        assertThat(result).isEqualTo("ok");
        assertThat(call.calls).hasValue(3);
    }

    @Test
    void execute_etagGuardedCallLosesConnection_retries() {
        Scripted call = new Scripted(new TransportException("connection reset"));

        String result = policy(NO_JITTER).execute(OperationClass.TWIN_UPDATE, Safety.ETAG_GUARDED, 1, "t",
                scope(), call);

        assertThat(result).isEqualTo("ok");
        assertThat(call.calls).hasValue(2);
    }

    @Test
    void execute_unsafeCallFailsWith5xx_isNotRetried() {
        Scripted call = new Scripted(busy());
        CallPolicy policy = policy(NO_JITTER);

        assertThatThrownBy(() -> policy.execute(OperationClass.REGISTRY, Safety.UNSAFE, 1, "t", scope(), call))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(call.calls).hasValue(1);
        assertThat(elapsed()).isZero();
    }

    @Test
    void execute_unsafeCallLosesConnection_isNotRetried() {
        Scripted call = new Scripted(new TransportException("timeout"));
        CallPolicy policy = policy(NO_JITTER);

        assertThatThrownBy(() -> policy.execute(OperationClass.DIRECT_METHOD, Safety.UNSAFE, 1, "t", scope(),
                call)).isInstanceOf(TransportException.class);
        assertThat(call.calls).hasValue(1);
    }

    @Test
    void execute_unsafeCallThrottled_isRetried() {
        Scripted call = new Scripted(throttled(Optional.empty()), throttled(Optional.empty()));

        String result = policy(NO_JITTER).execute(OperationClass.REGISTRY, Safety.UNSAFE, 1, "t", scope(), call);

        assertThat(result).isEqualTo("ok");
        assertThat(call.calls).hasValue(3);
    }

    @Test
    void execute_throttledWithRetryAfter_waitsAtLeastThatOnTheVirtualClock() {
        Scripted call = new Scripted(throttled(Optional.of(Duration.ofSeconds(7))));

        policy(NO_JITTER).execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "t", scope(), call);

        assertThat(elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void execute_absurdRetryAfter_isCutToTheMaximum() {
        Scripted call = new Scripted(throttled(Optional.of(Duration.ofSeconds(99_999_999_999L))));

        policy(NO_JITTER).execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "t", scope(), call);

        assertThat(elapsed()).isEqualTo(CallPolicy.MAX_RETRY_AFTER);
    }

    @Test
    void execute_retryAfterShorterThanBackoff_waitsTheBackoff() {
        Scripted call = new Scripted(throttled(Optional.of(Duration.ofMillis(10))));

        policy(NO_JITTER).execute(OperationClass.QUERY, Safety.IDEMPOTENT, 1, "t", scope(), call);

        assertThat(elapsed()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void execute_notRetryableFailures_areThrownAtOnce() {
        CallPolicy policy = policy(NO_JITTER);
        for (RuntimeException failure : new RuntimeException[] {
                new PreconditionFailedException("etag"), new DeviceNotFoundException(DeviceId.of("d1")),
                new IllegalStateException("bug")}) {
            Scripted call = new Scripted(failure);

            assertThatThrownBy(() -> policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t",
                    scope(), call)).isSameAs(failure);
            assertThat(call.calls).hasValue(1);
        }
        assertThat(elapsed()).isZero();
    }

    @Test
    void execute_attemptsRunOut_throwsTheLastFailure() {
        ServiceUnavailableException last = busy();
        Scripted call = new Scripted(busy(), busy(), last, busy());
        CallPolicy policy = policy(NO_JITTER.withMaxAttempts(3));

        assertThatThrownBy(() -> policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(),
                call)).isSameAs(last);
        assertThat(call.calls).hasValue(3);
    }

    @Test
    void execute_withoutJitter_backoffDoublesAndIsCapped() {
        RetryPolicy retry = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), 2.0, 0.0);
        Scripted call = new Scripted(busy(), busy(), busy(), busy(), busy());

        policy(retry).execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(), call);

        // 100 + 200 + 400 + 500 + 500
        assertThat(elapsed()).isEqualTo(Duration.ofMillis(1700));
    }

    @Test
    void execute_withJitter_waitStaysWithinTheSpread() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(1000), Duration.ofSeconds(30), 2.0, 0.5);
        for (int i = 0; i < 50; i++) {
            Instant before = clock.instant();

            policy(retry).execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(),
                    new Scripted(busy()));

            assertThat(Duration.between(before, clock.instant()))
                    .isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        }
    }

    @Test
    void statistics_afterRetriesAndFailures_addUp() {
        CallPolicy policy = policy(NO_JITTER.withMaxAttempts(3));

        policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(),
                new Scripted(throttled(Optional.empty()), busy()));
        assertThatThrownBy(() -> policy.execute(OperationClass.REGISTRY, Safety.UNSAFE, 1, "t", scope(),
                new Scripted(busy()))).isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> policy.execute(OperationClass.REGISTRY, Safety.UNSAFE, 1, "t", scope(),
                new Scripted(throttled(Optional.empty()), throttled(Optional.empty()),
                        throttled(Optional.empty())))).isInstanceOf(ThrottledException.class);

        CallStatistics reads = policy.statistics().of(OperationClass.TWIN_READ);
        assertThat(reads).isEqualTo(new CallStatistics(1, 3, 2, 1, 0, Duration.ZERO, Duration.ofMillis(600), 1,
                Duration.ofMillis(600), Duration.ofMillis(600)));
        CallStatistics registry = policy.statistics().of(OperationClass.REGISTRY);
        // The last 429 was not absorbed: it counts as received and surfaced as the failure.
        assertThat(registry).isEqualTo(new CallStatistics(2, 4, 2, 3, 2, Duration.ZERO, Duration.ofMillis(600), 2,
                Duration.ofMillis(600), Duration.ofMillis(600)));
        CallStatistics total = policy.statistics().total();
        assertThat(total).isEqualTo(reads.plus(registry));
        assertThat(elapsed()).isEqualTo(total.backoffWait());
    }

    @Test
    void execute_withPacer_waitsForPermitsAndCountsTheWait() {
        Sleeper sleeper = Sleeper.forClock(clock);
        CallPolicy policy = new CallPolicy(NO_JITTER, sleeper, new Pacer(HubTier.s1(1), 1.0, sleeper.nanoTime()),
                CallListener.NONE);

        for (int i = 0; i < 11; i++) {
            policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "t", scope(), () -> "ok");
        }

        // S1 twin reads: 100/s and a new bucket holds one permit, so the 11th call goes out after 100 ms.
        assertThat(elapsed()).isEqualTo(Duration.ofMillis(100));
        // Each of the ten later calls waited 10 ms for its permit.
        assertThat(policy.statistics().of(OperationClass.TWIN_READ).pacingWait()).isEqualTo(Duration.ofMillis(100));
    }
}
