package dev.fleetops.core.internal;

import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.time.VirtualClock;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads the time and waits, on the clock a {@code FleetClient} was given. On a {@link VirtualClock} a wait moves
 * the clock instead of blocking; on any other clock it blocks the calling thread with {@link Thread#sleep(long, int)}.
 * Waits never spin. Thread-safe.
 */
public abstract class Sleeper {

    private final Clock clock;

    Sleeper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the sleeper for a clock.
     *
     * @param clock the clock
     * @return a virtual-time sleeper for a {@link VirtualClock}, else a real one
     */
    public static Sleeper forClock(Clock clock) {
        return clock instanceof VirtualClock ? new Virtual((VirtualClock) clock) : new Real(clock);
    }

    /**
     * Returns the clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the current time for pacing, backoff and deadlines, in nanoseconds: monotonic, and comparable only
     * with other readings of this sleeper (the virtual clock's nanoseconds since the epoch; the JVM's
     * {@link System#nanoTime()} in real time).
     *
     * @return now, in ns
     */
    public long nanoTime() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Waits until the clock reads {@code deadlineNanos}; returns at once if it does already.
     *
     * @param deadlineNanos the time to wait for, in ns since the epoch
     * @throws InterruptedCallException if the thread is interrupted while waiting (the interrupt flag is set again)
     */
    public abstract void sleepUntil(long deadlineNanos);

    /**
     * Waits for a duration.
     *
     * @param nanos how long, in ns; nothing happens for zero or less
     * @throws InterruptedCallException if the thread is interrupted while waiting
     */
    public void sleep(long nanos) {
        if (nanos > 0) {
            sleepUntil(nanoTime() + nanos);
        }
    }

    /**
     * Throws if the current thread is interrupted, leaving its flag set: a wait that would not block still honours
     * an interrupt, so an interrupted call stops at its next wait on any clock.
     *
     * @throws InterruptedCallException if the thread is interrupted
     */
    public static void checkInterrupt() {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedCallException("interrupted while waiting to call the hub");
        }
    }

    /**
     * Virtual time. Waiting moves the clock to the deadline ({@link VirtualClock#advanceTo(Instant)}) rather than
     * by the duration ({@link VirtualClock#sleep(java.time.Duration)}): when several threads wait at once, their
     * waits overlap as they would in real time instead of adding up.
     */
    private static final class Virtual extends Sleeper {
        private final VirtualClock clock;

        Virtual(VirtualClock clock) {
            super(clock);
            this.clock = clock;
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            checkInterrupt();
            clock.advanceTo(Instant.ofEpochSecond(0, deadlineNanos));
        }
    }

    /**
     * Real time: waits on the JVM's monotonic clock ({@link System#nanoTime()}), whatever the wall clock does (an
     * NTP step or a manual change cannot shorten or stretch a pacing wait or a deadline), and blocks once for the
     * remaining time.
     */
    private static final class Real extends Sleeper {
        Real(Clock clock) {
            super(clock);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            checkInterrupt();
            long remaining = deadlineNanos - nanoTime();
            if (remaining <= 0) {
                return;
            }
            try {
                Thread.sleep(remaining / 1_000_000L, (int) (remaining % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedCallException("interrupted while waiting to call the hub", e);
            }
        }
    }
}
