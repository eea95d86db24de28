package dev.fleetops.core.embedded;

import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Simulated devices for an {@link EmbeddedHub}: each device follows a {@link DeviceBehaviour} (a firmware agent,
 * a silent device, your own), receives desired properties while connected, answers direct methods, and can go
 * offline and come back. Device work is scheduled on the hub's clock; with a {@link VirtualClock},
 * {@link #advance(Duration)} moves time event by event, so a scenario of hours runs at once and repeats exactly
 * for the same seed.
 *
 * <p>A device costs the simulator nothing unless it has its own behaviour, is offline, or has work scheduled: the
 * default behaviour is shared. One simulator per hub. Thread-safe; behaviours run on the thread that advances time.
 */
public final class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final EmbeddedHub hub;
    private final HubCore core;
    private final Random random;
    private volatile DeviceBehaviour defaultBehaviour = DeviceBehaviour.silent();
    private final ConcurrentHashMap<String, DeviceBehaviour> behaviours = new ConcurrentHashMap<>();
    private final Set<String> offline = ConcurrentHashMap.newKeySet();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long sequence;

    private record Event(long nanos, long seq, DeviceId device, Consumer<DeviceContext> action)
            implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(nanos, o.nanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private FleetSimulator(EmbeddedHub hub, long seed) {
        this.hub = hub;
        this.core = hub.core();
        this.random = new Random(seed);
    }

    /**
     * Attaches a simulator to a hub, with seed 42.
     *
     * @param hub the hub, which must not have a simulator yet
     * @return the simulator
     * @throws IllegalStateException if the hub has a simulator already
     */
    public static FleetSimulator attach(EmbeddedHub hub) {
        return attach(hub, 42);
    }

    /**
     * Attaches a simulator to a hub.
     *
     * @param hub the hub, which must not have a simulator yet
     * @param seed the seed of the simulator's random source
     * @return the simulator
     * @throws IllegalStateException if the hub has a simulator already
     */
    public static FleetSimulator attach(EmbeddedHub hub, long seed) {
        FleetSimulator sim = new FleetSimulator(hub, seed);
        synchronized (hub) {
            for (Ticker t : hub.core().tickers) {
                if (t instanceof EventTicker) {
                    throw new IllegalStateException("this hub has a simulator already");
                }
            }
            hub.core().tickers.add(sim.new EventTicker());
            hub.core().listeners.add(sim::desiredChanged);
            hub.methodService().endpoint(sim::method);
        }
        return sim;
    }

    /**
     * Returns the hub.
     *
     * @return the hub this simulator drives
     */
    public EmbeddedHub hub() {
        return hub;
    }

    /**
     * Returns the current time on the hub's clock.
     *
     * @return now
     */
    public Instant now() {
        return core.clock.instant();
    }

    /**
     * Sets the behaviour of every device that has none of its own.
     *
     * @param behaviour the behaviour, shared by those devices
     * @return this simulator
     */
    public FleetSimulator defaultBehaviour(DeviceBehaviour behaviour) {
        this.defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
        return this;
    }

    /**
     * Gives one device its own behaviour.
     *
     * @param id the device
     * @param behaviour its behaviour
     * @return this simulator
     */
    public FleetSimulator behaviour(DeviceId id, DeviceBehaviour behaviour) {
        behaviours.put(id.value(), Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    private DeviceBehaviour behaviourOf(DeviceId id) {
        DeviceBehaviour b = behaviours.get(id.value());
        return b != null ? b : defaultBehaviour;
    }

    /**
     * Registers a connected device with the given tags and reported properties (desired empty), not throttled.
     *
     * @param id the device
     * @param tags its tags
     * @param reported its reported properties
     * @return the stored twin
     */
    public Twin addDevice(DeviceId id, PropertyTree tags, PropertyTree reported) {
        return hub.load(Twin.builder(id)
                .tags(tags)
                .reported(reported)
                .connectionState(ConnectionState.CONNECTED)
                .lastActivityTime(now())
                .build());
    }

    /**
     * Registers {@code count} devices made by {@code factory} (given 0 to count-1), not throttled.
     *
     * @param count how many
     * @param factory makes the twin of the i-th device
     * @return this simulator
     */
    public FleetSimulator populate(int count, IntFunction<Twin> factory) {
        for (int i = 0; i < count; i++) {
            hub.load(factory.apply(i));
        }
        return this;
    }

    /**
     * Connects or disconnects a device. A device coming back online catches up with its desired properties.
     *
     * @param id the device
     * @param online true to connect
     * @return this simulator
     */
    public FleetSimulator setOnline(DeviceId id, boolean online) {
        boolean changed = online ? offline.remove(id.value()) : offline.add(id.value());
        hub.setConnectionState(id, online ? ConnectionState.CONNECTED : ConnectionState.DISCONNECTED);
        if (changed && online) {
            enqueue(core.nowNanos(), id, ctx -> behaviourOf(id).onDesiredChange(ctx, ctx.twin()));
        }
        return this;
    }

    /**
     * Tells whether a device is connected in the simulation.
     *
     * @param id the device
     * @return false when it was set offline
     */
    public boolean isOnline(DeviceId id) {
        return !offline.contains(id.value());
    }

    /**
     * Advances virtual time by {@code duration}, running device work, jobs and configuration passes in time order.
     *
     * @param duration how far, zero or more
     * @throws IllegalStateException if the hub's clock is not a {@link VirtualClock}
     */
    public void advance(Duration duration) {
        if (!(core.clock instanceof VirtualClock)) {
            throw new IllegalStateException("advance needs a hub built with a VirtualClock; this hub runs on "
                    + core.clock);
        }
        VirtualClock clock = (VirtualClock) core.clock;
        long target = core.nowNanos() + duration.toNanos();
        // tickAll waits for a thread that is running due work and then runs all that is due: no spinning
        core.tickAll();
        long due = core.nextDueNanos();
        int stuck = 0;
        while (due <= target) {
            clock.advanceTo(HubCore.instant(due));
            core.tickAll();
            long next = core.nextDueNanos();
            // tickAll runs everything due; work still due at the same time means a ticker failed as a whole
            stuck = next == due ? stuck + 1 : 0;
            if (stuck > 1_000) {
                throw new IllegalStateException("the embedded hub's background work due at " + HubCore.instant(due)
                        + " does not progress (see the warnings logged)");
            }
            due = next;
        }
        clock.advanceTo(HubCore.instant(target));
        core.tickAll();
    }

    /**
     * Returns the number of scheduled device actions not yet run.
     *
     * @return the count
     */
    public int pendingEvents() {
        synchronized (events) {
            return events.size();
        }
    }

    // ---- hub hooks ---------------------------------------------------------------------------------------

    private void desiredChanged(Twin twin, long nowNanos) {
        DeviceId id = twin.deviceId();
        if (offline.contains(id.value())) {
            return;
        }
        enqueue(nowNanos, id, ctx -> behaviourOf(id).onDesiredChange(ctx, ctx.twin()));
    }

    private Optional<EmbeddedMethods.Reply> method(DeviceId id, MethodInvocation invocation) {
        if (offline.contains(id.value())) {
            return Optional.empty();
        }
        DeviceBehaviour.MethodAnswer answer = behaviourOf(id).onMethod(new Context(id, core.nowNanos()), invocation);
        return Optional.of(new EmbeddedMethods.Reply(answer.result(), answer.latency()));
    }

    private void enqueue(long nanos, DeviceId id, Consumer<DeviceContext> action) {
        synchronized (events) {
            events.add(new Event(nanos, sequence++, id, action));
        }
    }

    /** How many device actions one round of due work runs at most. */
    private static final int EVENT_BATCH = 256;

    private final class EventTicker implements Ticker {
        @Override
        public long nextDueNanos() {
            synchronized (events) {
                Event head = events.peek();
                return head == null ? NEVER : head.nanos();
            }
        }

        @Override
        public void runDue(long nanos) {
            // a batch at a time, so that a hub call running due work is not held by a whole fleet's reactions
            for (int n = 0; n < EVENT_BATCH; n++) {
                Event e;
                synchronized (events) {
                    Event head = events.peek();
                    if (head == null || head.nanos() > nanos) {
                        return;
                    }
                    e = events.poll();
                }
                try {
                    e.action().accept(new Context(e.device(), e.nanos()));
                } catch (FleetException ex) {
                    LOG.debug("simulated device={} action failed: {}", e.device(), ex.getMessage());
                } catch (RuntimeException ex) {
                    // A behaviour's own bug: that device's action is lost, the simulation goes on.
                    LOG.warn("simulated device={} behaviour threw {}", e.device(), ex.toString());
                }
            }
        }
    }

    private final class Context implements DeviceContext {
        private final DeviceId id;
        private final long nanos;

        Context(DeviceId id, long nanos) {
            this.id = id;
            this.nanos = nanos;
        }

        @Override
        public DeviceId id() {
            return id;
        }

        @Override
        public Instant now() {
            return HubCore.instant(nanos);
        }

        @Override
        public Twin twin() {
            return core.record(id).twin();
        }

        @Override
        public void report(PropertyTree patch) {
            if (!offline.contains(id.value())) {
                hub.reportProperties(id, patch);
            }
        }

        @Override
        public void schedule(Duration delay, Consumer<DeviceContext> action) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay is negative: " + delay);
            }
            enqueue(nanos + delay.toNanos(), id, action);
        }

        @Override
        public void setOnline(boolean online) {
            FleetSimulator.this.setOnline(id, online);
        }

        @Override
        public boolean online() {
            return !offline.contains(id.value());
        }

        @Override
        public Random random() {
            return random;
        }
    }
}
