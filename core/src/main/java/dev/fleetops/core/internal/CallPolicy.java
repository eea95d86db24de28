package dev.fleetops.core.internal;

import dev.fleetops.core.call.Safety;
import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.call.ClientStatistics;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.TwinService;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one policy every hub call of a {@code FleetClient} goes through: client-side pacing, retries with exponential
 * backoff and jitter, and call statistics.
 *
 * <p><b>Retries.</b> A call declares its {@link OperationClass} and its {@link Safety}. A {@link ThrottledException}
 * (429: the hub did not process the request) is retried for every call, waiting at least the hub's
 * {@code Retry-After}. A {@link ServiceUnavailableException} or {@link TransportException} (the outcome is unknown)
 * is retried only for {@link Safety#IDEMPOTENT} and {@link Safety#ETAG_GUARDED} calls. Nothing else is retried. The
 * retry rules and backoff intervals are resilience4j's ({@link RetryConfig}, {@link IntervalFunction}), but this
 * class drives the attempts itself: resilience4j's {@code Retry} sleeps with a JVM-wide sleep function, while the
 * waits here must go through the client's own clock so that a {@code VirtualClock} advances instead of blocking.
 *
 * <p><b>Pacing.</b> With a {@link Pacer}, every attempt (retries included, since each is a request the hub counts)
 * first reserves its permits and waits for them.
 *
 * <p>Thread-safe; holds no lock while waiting or calling the hub.
 */
public final class CallPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(CallPolicy.class);

    private final RetryPolicy retryPolicy;
    private final RetryConfig repeatable;
    private final RetryConfig unsafe;
    private final Sleeper sleeper;
    private final Pacer pacer;
    private final StatisticsRecorder statistics = new StatisticsRecorder();

    /**
     * Creates the policy.
     *
     * @param retryPolicy the attempts and backoff
     * @param sleeper the clock and how to wait on it
     * @param pacer the pacing, or null for none
     */
    public CallPolicy(RetryPolicy retryPolicy, Sleeper sleeper, Pacer pacer) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pacer = pacer;
        IntervalBiFunction<Object> intervals = intervals(retryPolicy);
        this.repeatable = config(retryPolicy, intervals, CallPolicy::throttledOrAmbiguous);
        this.unsafe = config(retryPolicy, intervals, e -> e instanceof ThrottledException);
    }

    private static RetryConfig config(RetryPolicy policy, IntervalBiFunction<Object> intervals,
                                      Predicate<Throwable> retryOn) {
        return RetryConfig.<Object>custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(intervals)
                .retryOnException(retryOn)
                .build();
    }

    /** The longest Retry-After the policy honours; longer hints are cut to it. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private static IntervalBiFunction<Object> intervals(RetryPolicy policy) {
        IntervalFunction backoff = policy.jitter() == 0.0
                ? IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.maxBackoff())
                : IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.jitter(), policy.maxBackoff());
        return (attempt, outcome) -> {
            long millis = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof ThrottledException) {
                Optional<Duration> hint = ((ThrottledException) outcome.getLeft()).retryAfter();
                if (hint.isPresent()) {
                    // Round up: waiting a little longer than asked is fine, shorter is not. A hint beyond
                    // MAX_RETRY_AFTER (a broken proxy, a typo) must not park the caller for hours.
                    Duration wait = hint.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : hint.get();
                    long asked = TimeUnit.NANOSECONDS.toMillis(wait.toNanos() + 999_999L);
                    millis = Math.max(millis, asked);
                }
            }
            return millis;
        };
    }

    private static boolean throttledOrAmbiguous(Throwable e) {
        return e instanceof ThrottledException || isAmbiguous(e);
    }

    private static boolean isAmbiguous(Throwable e) {
        return e instanceof ServiceUnavailableException || e instanceof TransportException;
    }

    /**
     * Returns the retry policy.
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Returns the sleeper (and through it the clock).
     *
     * @return the sleeper
     */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * Returns a snapshot of the statistics.
     *
     * @return the statistics
     */
    public ClientStatistics statistics() {
        return statistics.snapshot();
    }

    /**
     * Runs one logical hub call: paces each attempt, retries what its safety allows, and counts.
     *
     * @param op the operation class, for pacing and statistics
     * @param safety whether the call may be repeated after an ambiguous failure
     * @param permits pacing permits each attempt takes, at least 1
     * @param what a short description for logs, without secrets, for example {@code "twin.get device=d1"}
     * @param correlationId the call's correlation id, for logs
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out
     */
    public <T> T execute(OperationClass op, Safety safety, long permits, String what, UUID correlationId,
                         Supplier<T> call) {
        RetryConfig config = safety.repeatable() ? repeatable : unsafe;
        statistics.call(op);
        for (int attempt = 1; ; attempt++) {
            pace(op, permits);
            statistics.attempt(op);
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (e instanceof ThrottledException) {
                    statistics.throttled(op);
                }
                if (attempt >= config.getMaxAttempts() || !config.getExceptionPredicate().test(e)) {
                    // Not logged: the caller gets the exception and decides (no log-and-throw).
                    statistics.failure(op);
                    throw e;
                }
                backoff(op, attempt, e, what, correlationId);
            }
        }
    }

    /**
     * Applies an unconditional twin patch exactly once, although an unconditional patch is not idempotent (each
     * application bumps the twin's versions).
     *
     * <ol>
     *   <li>The patch is sent without an ETag.</li>
     *   <li>On a 429 it is sent again as it is: the hub did not process it.</li>
     *   <li>On an ambiguous failure (5xx or a broken connection) the twin is read again (a {@code TWIN_READ} call of
     *       its own, with its own retries). If {@link TwinPatch#isReflectedIn(Twin)} holds, the patch is taken as
     *       applied and that twin is returned. Otherwise the patch is sent again guarded by the ETag just read, so
     *       that it cannot apply twice.</li>
     *   <li>On a 412 to a guarded send (the twin changed since the read) the twin is read again and step 3's check
     *       is repeated.</li>
     * </ol>
     * Sends are bounded by the retry policy's attempts; backoff is waited before each send after a 429 or an
     * ambiguous failure, not after a 412.
     *
     * @param twins the twin service
     * @param id the device
     * @param patch the patch
     * @param correlationId the call's correlation id, for logs
     * @return the twin after the patch (as returned by the hub, or as read when the patch was found applied)
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out, or a failure of a
     *     re-read
     */
    public Twin patchExactlyOnce(TwinService twins, DeviceId id, TwinPatch patch, UUID correlationId) {
        OperationClass op = OperationClass.TWIN_UPDATE;
        String what = "twin.patch device=" + id.value();
        statistics.call(op);
        Optional<String> ifMatch = Optional.empty();
        for (int attempt = 1; ; attempt++) {
            pace(op, 1);
            statistics.attempt(op);
            boolean lastAttempt = attempt >= retryPolicy.maxAttempts();
            try {
                return twins.patch(id, patch, ifMatch);
            } catch (ThrottledException e) {
                statistics.throttled(op);
                if (lastAttempt) {
                    throw giveUp(op, e);
                }
                backoff(op, attempt, e, what, correlationId);
            } catch (ServiceUnavailableException | TransportException e) {
                if (lastAttempt) {
                    throw giveUp(op, e);
                }
                backoff(op, attempt, e, what, correlationId);
                Twin now = reread(twins, id, correlationId);
                if (patch.isReflectedIn(now)) {
                    LOG.debug("op={} call={} correlationId={} attempt={} outcome unknown but the twin shows the "
                            + "patch; taking it as applied", op, what, correlationId, attempt);
                    return now;
                }
                ifMatch = Optional.of(now.etag());
            } catch (PreconditionFailedException e) {
                if (ifMatch.isEmpty() || lastAttempt) {
                    throw giveUp(op, e);
                }
                statistics.retry(op);
                LOG.debug("op={} call={} correlationId={} attempt={} twin changed since it was read; reading again",
                        op, what, correlationId, attempt);
                Twin now = reread(twins, id, correlationId);
                if (patch.isReflectedIn(now)) {
                    return now;
                }
                ifMatch = Optional.of(now.etag());
            } catch (RuntimeException e) {
                throw giveUp(op, e);
            }
        }
    }

    private Twin reread(TwinService twins, DeviceId id, UUID correlationId) {
        return execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "twin.get device=" + id.value(),
                correlationId, () -> twins.get(id));
    }

    private RuntimeException giveUp(OperationClass op, RuntimeException e) {
        statistics.failure(op);
        return e;
    }

    private void backoff(OperationClass op, int attempt, RuntimeException failure, String what, UUID correlationId) {
        statistics.retry(op);
        long millis = repeatable.<Object>getIntervalBiFunction().apply(attempt, Either.left(failure));
        long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        if (LOG.isDebugEnabled()) {
            LOG.debug("op={} call={} correlationId={} attempt={} failed ({}); retrying after wait={}", op, what,
                    correlationId, attempt, Redactor.describe(failure), Duration.ofNanos(nanos));
        }
        statistics.backoff(op, nanos);
        sleeper.sleep(nanos);
    }

    private void pace(OperationClass op, long permits) {
        if (pacer == null) {
            return;
        }
        long now = sleeper.nanoTime();
        long wait = pacer.reserve(op, permits, now);
        if (wait > 0) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("op={} permits={} pacing wait={}", op, permits, Duration.ofNanos(wait));
            }
            statistics.pacing(op, wait);
            sleeper.sleepUntil(now + wait);
        }
    }
}
