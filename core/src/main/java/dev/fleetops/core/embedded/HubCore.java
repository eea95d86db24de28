package dev.fleetops.core.embedded;

import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The embedded hub's state and the primitives every service uses: the call wrapper (tick, faults, quotas,
 * statistics), twin mutation with index and listener updates, and the time-ordered tick loop. Thread-safe.
 */
final class HubCore {

    private static final Logger LOG = LoggerFactory.getLogger(HubCore.class);

    final Clock clock;
    final HubTier tier;
    final FaultInjector faults;
    final ConcurrentSkipListMap<String, DeviceRecord> devices = new ConcurrentSkipListMap<>();
    final QueryIndex index = new QueryIndex(devices);
    final List<TwinListener> listeners = new CopyOnWriteArrayList<>();
    final List<Ticker> tickers = new CopyOnWriteArrayList<>();
    final long maxDevices;

    private final QuotaGate quotas;
    private final Map<OperationClass, LongAdder> requests = new HashMap<>();
    private final Map<OperationClass, LongAdder> throttled = new HashMap<>();
    /** Held by the one thread running due work; calls try it, the simulator and {@code runDueWork} wait for it. */
    private final ReentrantLock tickLock = new ReentrantLock();
    /**
     * How many tickers' rounds of due work one hub call runs at most on a real clock, so that no single call stalls
     * on a backlog (a round is one ticker's work due at one instant, at most a batch of devices).
     */
    static final int CALL_TICK_BUDGET = 32;
    /** Registered devices (not module twins), kept by {@link #put}; what {@code maxDevices} limits. */
    private final AtomicLong deviceCount = new AtomicLong();
    /** Serialises device creation, so that the device limit is checked and used in one step. */
    final Object createLock = new Object();
    /**
     * Locks of device families (a device and its module twins), taken before any stripe by operations that span
     * both: deleting a device, and loading a module twin. Nothing holds a stripe while taking one of these.
     */
    private final Object[] families = new Object[64];
    /**
     * Writers of one key hold its stripe while they change the store and publish to the query index, so that the
     * index receives a key's changes in the order the store made them.
     */
    private final Object[] stripes = new Object[64];

    /** Hears about twin changes made by back ends; the simulator delivers desired properties to devices with it. */
    interface TwinListener {
        void desiredChanged(Twin twin, long nowNanos);
    }

    HubCore(Clock clock, HubTier tier, long seed, long maxDevices) {
        this.clock = clock;
        this.tier = tier;
        this.faults = new FaultInjector(seed);
        this.quotas = tier == null ? null : new QuotaGate(tier, clock);
        this.maxDevices = maxDevices;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
            families[i] = new Object();
        }
        for (OperationClass op : OperationClass.hubClasses()) {
            requests.put(op, new LongAdder());
            throttled.put(op, new LongAdder());
        }
    }

    /**
     * The store key of a twin: the device id, or device id, '/', module id for a module twin. A device id cannot
     * hold '/', so keys never collide, and a device's modules sort right after it.
     */
    static String key(Twin twin) {
        return twin.isModuleTwin() ? twin.deviceId().value() + "/" + twin.moduleId() : twin.deviceId().value();
    }

    long nowNanos() {
        return nanosOf(clock.instant());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    /** Epoch nanoseconds of an instant, saturated to the long range (far future and past clamp). */
    static long nanosOf(Instant instant) {
        if (instant.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (instant.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Nanoseconds of a duration, saturated to the long range. */
    static long nanosOf(Duration duration) {
        return duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : duration.toNanos();
    }

    /** {@code a + b}, saturated to the long range. */
    static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * Runs one SPI call: due background work first, then the quota (429 when exceeded), then injected faults, then
     * the action, then a reset-after-apply fault if one was drawn.
     */
    <T> T call(OperationClass op, int cost, String what, Supplier<T> action) {
        tick();
        requests.get(op).add(1);
        Optional<java.time.Duration> refused = quotas == null ? Optional.empty() : quotas.tryAcquire(op, cost);
        if (refused.isPresent()) {
            throttled.get(op).add(1);
            // Like IoT Hub, the answer says when to come back: when the window has room again.
            throw new ThrottledException("embedded hub throttled " + what + ": over the " + tier.sku() + " x"
                    + tier.units() + " quota of " + tier.quota(op).amount() + " " + op + " per "
                    + tier.quota(op).window().toSeconds() + " s", refused.get());
        }
        Optional<Fault> fault = faults.before(op, what);
        sleep(FaultInjector.latencyOf(fault));
        T result = action.get();
        if (FaultInjector.resetsAfterApply(fault)) {
            throw new TransportException("connection reset after the hub applied " + what + " (injected fault)");
        }
        return result;
    }

    void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        if (clock instanceof VirtualClock) {
            ((VirtualClock) clock).sleep(d);
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the embedded hub", e);
        }
    }

    DeviceRecord record(DeviceId id) {
        DeviceRecord r = devices.get(id.value());
        if (r == null) {
            throw new DeviceNotFoundException(id);
        }
        return r;
    }

    /**
     * Atomically replaces a device's record and publishes the change to queries and, when desired properties
     * changed, to listeners.
     *
     * @throws DeviceNotFoundException if the device is absent
     */
    DeviceRecord update(DeviceId id, UnaryOperator<DeviceRecord> change) {
        DeviceRecord before;
        DeviceRecord after;
        long now;
        synchronized (stripe(id.value())) {
            before = devices.get(id.value());
            if (before == null) {
                throw new DeviceNotFoundException(id);
            }
            after = change.apply(before);
            now = nowNanos();
            if (after != before) {
                devices.put(id.value(), after);
                index.changed(id.value(), after.twin(), now);
            }
        }
        if (after != before && after.twin().desiredVersion() != before.twin().desiredVersion()) {
            for (TwinListener l : listeners) {
                l.desiredChanged(after.twin(), now);
            }
        }
        return after;
    }

    /** The lock every writer of {@code key} holds while it changes the store and the query index. */
    Object stripe(String key) {
        return stripes[key.hashCode() & (stripes.length - 1)];
    }

    /** The lock of a device's family (the device and its module twins); see {@link #families}. */
    Object family(DeviceId deviceId) {
        return families[deviceId.value().hashCode() & (families.length - 1)];
    }

    /** How many devices (not module twins) the hub holds. */
    long deviceCount() {
        return deviceCount.get();
    }

    /** Stores a record under its key, or removes the key for a null record, and tells the query index. */
    void put(String key, DeviceRecord record) {
        synchronized (stripe(key)) {
            DeviceRecord old = record == null ? devices.remove(key) : devices.put(key, record);
            if (key.indexOf('/') < 0) {
                if (old == null && record != null) {
                    deviceCount.incrementAndGet();
                } else if (old != null && record == null) {
                    deviceCount.decrementAndGet();
                }
            }
            index.changed(key, record == null ? null : record.twin(), nowNanos());
        }
    }

    /** Checks a whole section after a merge against IoT Hub's limits, as the hub does. */
    static void checkSection(DeviceId id, String section, dev.fleetops.core.model.PropertyTree tree) {
        try {
            TwinLimits.check(section, tree, TwinLimits.limitFor(section));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("400004", "twin of device '" + id + "' after the patch: " + e.getMessage());
        }
    }

    /**
     * Runs due work for a hub call, in time order, only if no other thread is running due work (a call never waits
     * for it). On a real clock a call runs at most {@link #CALL_TICK_BUDGET} rounds and leaves the rest for the
     * next call (or {@link #tickAll()}), so that no call stalls on a backlog. On a {@link VirtualClock} time stands
     * still while the work runs and the simulation must be complete and repeatable, so a call runs all that is due.
     */
    void tick() {
        if (tickers.isEmpty() || !tickLock.tryLock()) {
            return;
        }
        try {
            runDue(clock instanceof VirtualClock ? Integer.MAX_VALUE : CALL_TICK_BUDGET);
        } finally {
            tickLock.unlock();
        }
    }

    /**
     * Runs all the work due up to now, in time order, waiting for a thread that is running some to finish first:
     * what the simulator's {@code advance} and {@code EmbeddedHub.runDueWork} use.
     */
    void tickAll() {
        if (tickers.isEmpty()) {
            return;
        }
        tickLock.lock();
        try {
            runDue(Integer.MAX_VALUE);
        } finally {
            tickLock.unlock();
        }
    }

    /** Runs up to {@code budget} ticker rounds of work due by now. Work may schedule more work. */
    private void runDue(int budget) {
        long now = nowNanos();
        for (int round = 0; round < budget; round++) {
            Ticker next = null;
            long due = Ticker.NEVER;
            for (Ticker t : tickers) {
                long d = t.nextDueNanos();
                if (d < due) {
                    due = d;
                    next = t;
                }
            }
            if (next == null || due > now) {
                return;
            }
            try {
                next.runDue(due);
            } catch (RuntimeException e) {
                // Background work must never fail an unrelated call. Tickers isolate per-item failures
                // themselves; this is the last guard, and it stops this round so that a ticker that keeps
                // failing cannot spin.
                LOG.warn("embedded hub background work failed at {}: {}", instant(due), e.toString());
                return;
            }
        }
    }

    /** Returns the earliest due time over all tickers, or {@link Ticker#NEVER}. */
    long nextDueNanos() {
        long due = Ticker.NEVER;
        for (Ticker t : tickers) {
            due = Math.min(due, t.nextDueNanos());
        }
        return due;
    }

    HubStatistics statistics() {
        Map<OperationClass, Long> req = new HashMap<>();
        Map<OperationClass, Long> thr = new HashMap<>();
        requests.forEach((k, v) -> req.put(k, v.sum()));
        throttled.forEach((k, v) -> thr.put(k, v.sum()));
        return new HubStatistics(req, thr, faults.injectedCount(), devices.size());
    }
}
