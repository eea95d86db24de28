package dev.fleetops.core.internal;

import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.call.ClientStatistics;
import dev.fleetops.core.model.OperationClass;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link ClientStatistics}: {@link LongAdder}s per operation class, cheap to update from many
 * threads. A snapshot reads each counter once; counters updated meanwhile may or may not be in it. Thread-safe.
 */
public final class StatisticsRecorder {

    private final Map<OperationClass, Counters> counters = new ConcurrentHashMap<>();

    /** Creates a recorder with all counters at zero. */
    public StatisticsRecorder() {
        for (OperationClass op : OperationClass.hubClasses()) {
            counters.put(op, new Counters());
        }
    }

    private Counters of(OperationClass op) {
        Counters c = counters.get(op);
        return c != null ? c : counters.computeIfAbsent(op, k -> new Counters());
    }

    void call(OperationClass op) {
        of(op).calls.increment();
    }

    void attempt(OperationClass op) {
        of(op).attempts.increment();
    }

    void retry(OperationClass op) {
        of(op).retries.increment();
    }

    void throttled(OperationClass op) {
        of(op).throttled.increment();
    }

    void failure(OperationClass op) {
        of(op).failures.increment();
    }

    void pacing(OperationClass op, long nanos) {
        of(op).pacingNanos.add(nanos);
    }

    void backoff(OperationClass op, long nanos) {
        of(op).backoffNanos.add(nanos);
    }

    void ended(OperationClass op, long latencyNanos) {
        Counters c = of(op);
        c.ended.increment();
        c.latencyNanos.add(latencyNanos);
        c.latencyMax.accumulate(latencyNanos);
    }

    /**
     * Returns a snapshot.
     *
     * @return the statistics per class and in total
     */
    public ClientStatistics snapshot() {
        Map<OperationClass, CallStatistics> map = new LinkedHashMap<>();
        CallStatistics total = CallStatistics.ZERO;
        for (Map.Entry<OperationClass, Counters> e : counters.entrySet()) {
            CallStatistics s = e.getValue().snapshot();
            map.put(e.getKey(), s);
            total = total.plus(s);
        }
        return new ClientStatistics(map, total);
    }

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder attempts = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder pacingNanos = new LongAdder();
        final LongAdder backoffNanos = new LongAdder();
        final LongAdder ended = new LongAdder();
        final LongAdder latencyNanos = new LongAdder();
        final LongAccumulator latencyMax = new LongAccumulator(Math::max, 0L);

        CallStatistics snapshot() {
            return new CallStatistics(calls.sum(), attempts.sum(), retries.sum(), throttled.sum(), failures.sum(),
                    Duration.ofNanos(pacingNanos.sum()), Duration.ofNanos(backoffNanos.sum()), ended.sum(),
                    Duration.ofNanos(latencyNanos.sum()), Duration.ofNanos(latencyMax.get()));
        }
    }
}
