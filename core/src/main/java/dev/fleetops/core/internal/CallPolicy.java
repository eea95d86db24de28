package dev.fleetops.core.internal;

import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.PropertyMetadata;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.call.Attempt;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallInfo;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.ClientStatistics;
import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.Attempts;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * first reserves its permits and waits for them; a backend charges the extra hub operations of one attempt through
 * {@link Attempt#charge}, which reserves and waits the same way.
 *
 * <p><b>Bounds.</b> Each call runs under a {@link CallScope} whose deadline spans every attempt, pacing wait and
 * backoff. A wait that would end past the deadline, or a pacing wait above the maximum, is not started: the call
 * gives back the permits it reserved and throws {@link DeadlineExceededException}. An interrupt during any wait
 * gives the permits back and throws {@link InterruptedCallException} with the thread's flag set again. Each attempt
 * learns its timeout (the attempt timeout, or less when the deadline is nearer) from {@link Attempt#timeout()}.
 *
 * <p><b>Events.</b> The {@link CallListener} hears each attempt, pacing wait, throttle, retry and the end of the
 * call with its latency; the statistics count the same.
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
    private final CallListener listener;
    private final StatisticsRecorder statistics = new StatisticsRecorder();

    /**
     * Creates the policy.
     *
     * @param retryPolicy the attempts and backoff
     * @param sleeper the clock and how to wait on it
     * @param pacer the pacing, or null for none
     * @param listener hears every call's events; its failures are caught (see {@link CallListener#all})
     */
    public CallPolicy(RetryPolicy retryPolicy, Sleeper sleeper, Pacer pacer, CallListener listener) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pacer = pacer;
        this.listener = CallListener.all(java.util.List.of(Objects.requireNonNull(listener, "listener")));
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
     * Runs one logical hub call: paces each attempt, retries what its safety allows, bounds it by the scope's
     * deadline, and counts and reports it.
     *
     * @param op the operation class, for pacing and statistics
     * @param safety whether the call may be repeated after an ambiguous failure
     * @param permits pacing permits each attempt takes, at least 1
     * @param what a short description for logs, without secrets, for example {@code "twin.get device=d1"}
     * @param scope the call's scope
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     * @throws DeadlineExceededException if the deadline passes or quota cannot be had within the maximum wait
     * @throws InterruptedCallException if the thread is interrupted while the call waits
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out
     */
    public <T> T execute(OperationClass op, Safety safety, long permits, String what, CallScope scope,
                         Supplier<T> call) {
        return execute(op, safety, permits, what, scope, attempt -> call.get());
    }

    /**
     * Runs one logical call whose body sees its attempt (number, timeout, audit context, extra charges); otherwise
     * as {@link #execute(OperationClass, Safety, long, String, CallScope, Supplier)}.
     *
     * @param op the operation class, for pacing and statistics
     * @param safety whether the call may be repeated after an ambiguous failure
     * @param permits pacing permits each attempt takes, at least 1
     * @param what a short description for logs, without secrets
     * @param scope the call's scope
     * @param call the call, given its attempt
     * @param <T> the result type
     * @return the call's result
     * @throws DeadlineExceededException if the deadline passes or quota cannot be had within the maximum wait
     * @throws InterruptedCallException if the thread is interrupted while the call waits
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out
     */
    public <T> T execute(OperationClass op, Safety safety, long permits, String what, CallScope scope,
                         Function<Attempt, T> call) {
        return run(op, safety, permits, what, scope, call, (failure, inDoubt) -> null);
    }

    private <T> T run(OperationClass op, Safety safety, long permits, String what, CallScope scope,
                      Function<Attempt, T> call, Recovery<T> recovery) {
        RetryConfig config = safety.repeatable() ? repeatable : unsafe;
        Run run = new Run(op, scope, what);
        boolean inDoubt = false;
        try {
            for (int attempt = 1; ; attempt++) {
                run.pace(op, permits);
                try {
                    return run.succeeded(run.attempt(attempt, call));
                } catch (DeadlineExceededException | InterruptedCallException e) {
                    throw e;
                } catch (RuntimeException e) {
                    run.failedAttempt(attempt, e);
                    if (attempt >= config.getMaxAttempts() || !config.getExceptionPredicate().test(e)) {
                        T recovered = recovery.recover(e, inDoubt);
                        if (recovered != null) {
                            return run.succeeded(recovered);
                        }
                        // Not logged: the caller gets the exception and decides (no log-and-throw).
                        throw e;
                    }
                    inDoubt |= isAmbiguous(e);
                    run.backoff(attempt, e);
                }
            }
        } catch (RuntimeException e) {
            throw run.ended(e);
        } catch (Error e) {
            throw run.ended(e);
        }
    }

    /**
     * Runs an ETag-guarded change, retried after ambiguous failures like any guarded call, and tells the caller's own
     * success apart from a real conflict: when an attempt's answer was lost (5xx or a broken connection) and a later
     * attempt is refused with 412, the first attempt may have been applied, which changed the ETag the retry
     * carried. The resource is then read back (a call of {@code readOp} with its own retries), and when it shows the
     * change ({@code applied}), the call succeeded and that state is returned; otherwise the 412 stands.
     *
     * @param op the change's operation class
     * @param readOp the read-back's operation class
     * @param what a short description for logs, without secrets
     * @param scope the call's scope
     * @param call the guarded change
     * @param reread reads the resource as it is now
     * @param applied tells whether a state shows the change
     * @param <T> the result type
     * @return the result of the change, or the state read back when the change was found applied
     * @throws PreconditionFailedException if the ETag did not match and the resource does not show the change
     * @throws DeadlineExceededException if the deadline passes or quota cannot be had within the maximum wait
     * @throws InterruptedCallException if the thread is interrupted while the call waits
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out
     */
    public <T> T executeGuarded(OperationClass op, OperationClass readOp, String what, CallScope scope,
                                Supplier<T> call, Supplier<T> reread, Predicate<? super T> applied) {
        return run(op, Safety.ETAG_GUARDED, 1, what, scope, attempt -> call.get(), (failure, inDoubt) -> {
            if (!(failure instanceof PreconditionFailedException) || !inDoubt) {
                return null;
            }
            T now = execute(readOp, Safety.IDEMPOTENT, 1, what + " (read back after a lost answer)", scope, reread);
            if (!applied.test(now)) {
                return null;
            }
            LOG.debug("op={} call={} correlationId={} 412 after a lost answer, and the change is there: taking it as "
                    + "this call's own", op, what, scope.correlationId());
            return now;
        });
    }

    /** Decides, from a failure that would end a call, whether the call succeeded after all: a result, or null. */
    @FunctionalInterface
    private interface Recovery<T> {
        T recover(RuntimeException failure, boolean inDoubt);
    }

    /**
     * Applies an unconditional twin patch exactly once, although an unconditional patch is not idempotent (each
     * application bumps the twin's versions).
     *
     * <ol>
     *   <li>The patch is sent without an ETag.</li>
     *   <li>On a 429 it is sent again as it is: the hub did not process it.</li>
     *   <li>On an ambiguous failure (5xx or a broken connection) the twin is read again (a {@code TWIN_READ} call of
     *       its own, with its own retries). The patch is taken as applied, and that twin returned, when the twin
     *       shows it ({@link TwinPatch#isReflectedIn(Twin)}) and, for a patch with desired properties, the twin's
     *       {@code $metadata} shows every desired property it sets written since this call's first send (less
     *       {@link #CLOCK_TOLERANCE} for the hub's clock): a patch whose values the twin already held is then not
     *       mistaken for applied, and is sent, so that the device is notified and {@code $version} moves. Otherwise
     *       the patch is sent again guarded by the ETag just read, so that it cannot apply twice. Tags carry no
     *       metadata: a tags-only patch is judged by its values.</li>
     *   <li>On a 412 to a guarded send (the twin changed since the read) the twin is read again and step 3's check
     *       is repeated.</li>
     * </ol>
     * Sends are bounded by the retry policy's attempts and by the scope's deadline; backoff is waited before each
     * send after a 429 or an ambiguous failure, not after a 412.
     *
     * @param twins the twin service
     * @param id the device
     * @param patch the patch
     * @param scope the call's scope
     * @return the twin after the patch (as returned by the hub, or as read when the patch was found applied)
     * @throws DeadlineExceededException if the deadline passes or quota cannot be had within the maximum wait
     * @throws InterruptedCallException if the thread is interrupted while the call waits
     * @throws RuntimeException the last failure when it may not be retried or attempts ran out, or a failure of a
     *     re-read
     */
    public Twin patchExactlyOnce(TwinService twins, DeviceId id, TwinPatch patch, CallScope scope) {
        OperationClass op = OperationClass.TWIN_UPDATE;
        Run run = new Run(op, scope, "twin.patch device=" + id.value());
        Instant firstSend = sleeper.clock().instant();
        try {
            ETag ifMatch = ETag.ANY;
            for (int attempt = 1; ; attempt++) {
                run.pace(op, 1);
                boolean lastAttempt = attempt >= retryPolicy.maxAttempts();
                ETag guard = ifMatch;
                try {
                    return run.succeeded(run.attempt(attempt, a -> twins.patch(id, patch, guard)));
                } catch (DeadlineExceededException | InterruptedCallException e) {
                    throw e;
                } catch (ThrottledException e) {
                    run.failedAttempt(attempt, e);
                    if (lastAttempt) {
                        throw e;
                    }
                    run.backoff(attempt, e);
                } catch (ServiceUnavailableException | TransportException e) {
                    run.failedAttempt(attempt, e);
                    if (lastAttempt) {
                        throw e;
                    }
                    run.backoff(attempt, e);
                    Twin now = reread(twins, id, scope);
                    if (patch.isReflectedIn(now) && writtenSince(patch, now, firstSend)) {
                        LOG.debug("op={} call={} correlationId={} attempt={} outcome unknown but the twin shows the "
                                + "patch; taking it as applied", op, run.what, scope.correlationId(), attempt);
                        return run.succeeded(now);
                    }
                    ifMatch = now.etag();
                } catch (PreconditionFailedException e) {
                    run.failedAttempt(attempt, e);
                    if (ifMatch.isAny() || lastAttempt) {
                        throw e;
                    }
                    statistics.retry(op);
                    LOG.debug("op={} call={} correlationId={} attempt={} twin changed since it was read; reading "
                            + "again", op, run.what, scope.correlationId(), attempt);
                    Twin now = reread(twins, id, scope);
                    if (patch.isReflectedIn(now) && writtenSince(patch, now, firstSend)) {
                        return run.succeeded(now);
                    }
                    ifMatch = now.etag();
                }
            }
        } catch (RuntimeException e) {
            throw run.ended(e);
        } catch (Error e) {
            throw run.ended(e);
        }
    }

    /**
     * How far the hub's clock may be behind the client's when {@code $metadata} decides whether a patch was written
     * by this call.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);

    /**
     * Whether the twin's {@code $metadata} shows every desired property the patch sets (not the ones it removes)
     * written at or after {@code since}, less {@link #CLOCK_TOLERANCE}. True for a patch without desired properties
     * to set (tags carry no metadata), and for a twin without metadata (a backend that does not keep it).
     */
    static boolean writtenSince(TwinPatch patch, Twin twin, Instant since) {
        if (twin.desiredMetadata().isEmpty()) {
            return true;
        }
        Instant floor = since.minus(CLOCK_TOLERANCE);
        List<String> paths = new ArrayList<>();
        leafPaths(patch.desired(), "", paths);
        for (String path : paths) {
            Optional<PropertyMetadata> m = twin.desiredMetadata(path);
            if (m.isEmpty() || m.get().lastUpdated().isBefore(floor)) {
                return false;
            }
        }
        return true;
    }

    private static void leafPaths(PropertyTree tree, String prefix, List<String> out) {
        tree.forEach((key, value) -> {
            if (value instanceof PropertyTree && !((PropertyTree) value).isEmpty()) {
                leafPaths((PropertyTree) value, prefix + key + ".", out);
            } else if (value != JsonNull.INSTANCE) {
                out.add(prefix + key);
            }
        });
    }

    private Twin reread(TwinService twins, DeviceId id, CallScope scope) {
        return execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "twin.get device=" + id.value(), scope,
                () -> twins.get(id));
    }

    private long backoffNanos(int attempt, RuntimeException failure) {
        long millis = repeatable.<Object>getIntervalBiFunction().apply(attempt, Either.left(failure));
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    /**
     * One logical call in progress: its scope, the attempts made, and the bookkeeping of its end. Confined to the
     * calling thread.
     */
    private final class Run {
        final OperationClass op;
        final CallScope scope;
        final String what;
        final CallInfo info;
        int attempts;
        boolean ended;

        Run(OperationClass op, CallScope scope, String what) {
            this.op = op;
            this.scope = scope;
            this.what = what;
            this.info = scope.info(op);
            statistics.call(op);
        }

        <T> T attempt(int number, Function<Attempt, T> call) {
            attempts++;
            statistics.attempt(op);
            listener.onAttemptStarted(new CallEvent.AttemptStarted(info, number));
            long now = sleeper.nanoTime();
            long left = Math.max(1, scope.deadlineNanos() - now);
            Duration timeout = Duration.ofNanos(Math.min(left, scope.caller().options().attemptTimeout().toNanos()));
            AttemptImpl attempt = new AttemptImpl(this, number, timeout);
            pending.confirm(now);
            T result = Attempts.with(attempt, () -> call.apply(attempt));
            return result;
        }

        void failedAttempt(int number, RuntimeException e) {
            if (e instanceof ThrottledException) {
                Duration retryAfter = ((ThrottledException) e).retryAfter().orElse(Duration.ZERO);
                statistics.throttled(op);
                if (pacer != null) {
                    // Every thread drawing on this class slows down now, not only the one that saw the 429.
                    pacer.throttled(op, Math.min(retryAfter.toNanos(), MAX_RETRY_AFTER.toNanos()),
                            sleeper.nanoTime());
                }
                listener.onThrottled(new CallEvent.Throttled(info, number, retryAfter));
            }
            if (Thread.currentThread().isInterrupted()) {
                // The backend saw the interrupt (an InterruptedException turned into a transport failure): the
                // call stops here rather than retrying.
                throw new InterruptedCallException("interrupted during " + what, e);
            }
        }

        void backoff(int attempt, RuntimeException failure) {
            long nanos = backoffNanos(attempt, failure);
            long now = sleeper.nanoTime();
            if (nanos >= scope.deadlineNanos() - now) {
                throw deadline("the backoff of " + Duration.ofNanos(nanos) + " after attempt " + attempt
                        + " would end past the deadline", DeadlineExceededException.Bound.DEADLINE,
                        scope.caller().options().deadline(), failure);
            }
            statistics.retry(op);
            if (LOG.isDebugEnabled()) {
                LOG.debug("op={} call={} correlationId={} attempt={} failed ({}); retrying after wait={}", op, what,
                        scope.correlationId(), attempt, Redactor.describe(failure), Duration.ofNanos(nanos));
            }
            listener.onRetrying(new CallEvent.Retrying(info, attempt, failure.getClass().getSimpleName(),
                    Duration.ofNanos(nanos)));
            statistics.backoff(op, nanos);
            sleeper.sleep(nanos);
        }

        /** The reservation of the attempt about to be sent, confirmed when it goes. */
        Reservation pending = Reservation.NONE;

        void pace(OperationClass paced, long permits) {
            pending = Reservation.NONE;
            Sleeper.checkInterrupt();
            long now = sleeper.nanoTime();
            if (now >= scope.deadlineNanos()) {
                throw deadline("the deadline passed before attempt " + (attempts + 1),
                        DeadlineExceededException.Bound.DEADLINE, scope.caller().options().deadline(), null);
            }
            if (pacer == null) {
                return;
            }
            Reservation reservation = pacer.reserve(paced, permits, now);
            pending = reservation;
            long wait = reservation.waitNanos();
            if (wait <= 0) {
                return;
            }
            Duration max = scope.caller().options().maxPacingWait();
            if (wait > max.toNanos()) {
                reservation.cancel(now);
                throw deadline("pacing " + paced + " needs a wait of " + Duration.ofNanos(wait) + ", above the "
                        + "maximum pacing wait", DeadlineExceededException.Bound.MAX_PACING_WAIT, max, null);
            }
            if (wait >= scope.deadlineNanos() - now) {
                reservation.cancel(now);
                throw deadline("pacing " + paced + " needs a wait of " + Duration.ofNanos(wait) + ", past the "
                        + "deadline", DeadlineExceededException.Bound.DEADLINE, scope.caller().options().deadline(),
                        null);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("op={} permits={} pacing wait={} correlationId={}", paced, permits, Duration.ofNanos(wait),
                        scope.correlationId());
            }
            try {
                sleeper.sleepUntil(now + wait);
            } catch (InterruptedCallException e) {
                reservation.cancel(sleeper.nanoTime());
                throw e;
            }
            statistics.pacing(paced, wait);
            listener.onPacingWaited(new CallEvent.PacingWaited(info, paced, permits, Duration.ofNanos(wait)));
        }

        private DeadlineExceededException deadline(String why, DeadlineExceededException.Bound bound,
                                                   Duration limit, Throwable cause) {
            return new DeadlineExceededException(what + ": " + why + " (" + bound.name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', ' ') + " " + limit + ")", bound, limit, cause);
        }

        <T> T succeeded(T result) {
            end(CallEvent.Outcome.SUCCEEDED, "");
            return result;
        }

        <E extends Throwable> E ended(E e) {
            if (!ended) {
                statistics.failure(op);
                CallEvent.Outcome outcome = e instanceof InterruptedCallException ? CallEvent.Outcome.INTERRUPTED
                        : e instanceof DeadlineExceededException ? CallEvent.Outcome.TIMED_OUT
                        : CallEvent.Outcome.FAILED;
                end(outcome, e.getClass().getSimpleName());
            }
            return e;
        }

        private void end(CallEvent.Outcome outcome, String failure) {
            ended = true;
            long latency = Math.max(0, sleeper.nanoTime() - scope.startNanos());
            statistics.ended(op, latency);
            listener.onCallEnded(new CallEvent.CallEnded(info, outcome, attempts, Duration.ofNanos(latency),
                    failure));
        }
    }

    /** The attempt a body and a backend see. Confined to the calling thread. */
    private final class AttemptImpl implements Attempt {
        private final Run run;
        private final int number;
        private final Duration timeout;

        AttemptImpl(Run run, int number, Duration timeout) {
            this.run = run;
            this.number = number;
            this.timeout = timeout;
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        @Override
        public AuditContext context() {
            return run.scope.context();
        }

        @Override
        public void charge(OperationClass operationClass, long permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("permits is " + permits + "; charge at least 1");
            }
            Objects.requireNonNull(operationClass, "operationClass");
            statistics.attempt(operationClass);
            run.pace(operationClass, permits);
            run.pending.confirm(sleeper.nanoTime());
        }
    }
}
