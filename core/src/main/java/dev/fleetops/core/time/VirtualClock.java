package dev.fleetops.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for simulations and tests on virtual time.
 *
 * <p>Give the same instance to an embedded hub, its simulator and a {@code FleetClient}: a wait that the client
 * would sleep through in real time ({@link #sleep(Duration)}, used for pacing and retry backoff) advances this clock
 * instead, so a rollout that takes hours of hub quota runs in milliseconds and deterministically. Time never goes
 * backwards. Thread-safe; nanosecond resolution.
 */
public final class VirtualClock extends Clock {

    private final AtomicLong nanos;
    private final ZoneId zone;

    private VirtualClock(long epochNanos, ZoneId zone) {
        this.nanos = new AtomicLong(epochNanos);
        this.zone = zone;
    }

    private VirtualClock(AtomicLong shared, ZoneId zone) {
        this.nanos = shared;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at {@code start}, in UTC.
     *
     * @param start the initial instant
     * @return the clock
     */
    public static VirtualClock startingAt(Instant start) {
        return new VirtualClock(toNanos(start), ZoneOffset.UTC);
    }

    /**
     * Returns a clock standing at 2026-01-01T00:00:00Z.
     *
     * @return the clock
     */
    public static VirtualClock create() {
        return startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far, not negative
     * @return the new instant
     * @throws IllegalArgumentException if the duration is negative
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a virtual clock cannot go back; got " + duration);
        }
        long n = nanos.addAndGet(duration.toNanos());
        return Instant.ofEpochSecond(0, n);
    }

    /**
     * Moves the clock forward to {@code instant} if it is later than now; otherwise does nothing.
     *
     * @param instant the target
     * @return the current instant after the call
     */
    public Instant advanceTo(Instant instant) {
        long target = toNanos(instant);
        long n = nanos.accumulateAndGet(target, Math::max);
        return Instant.ofEpochSecond(0, n);
    }

    /**
     * Waits on virtual time: advances the clock by {@code duration} and returns at once.
     *
     * @param duration how long to wait, not negative
     */
    public void sleep(Duration duration) {
        advance(duration);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns a view of this clock in another zone; both views move together.
     *
     * @param zone the zone
     * @return the view
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new VirtualClock(nanos, zone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(0, nanos.get());
    }

    @Override
    public long millis() {
        return Math.floorDiv(nanos.get(), 1_000_000L);
    }

    /** Returns the current instant, for logs. */
    @Override
    public String toString() {
        return "VirtualClock[" + instant() + "]";
    }
}
