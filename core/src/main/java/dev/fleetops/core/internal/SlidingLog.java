package dev.fleetops.core.internal;

/**
 * Client-side pacing of one operation class: grants permits so that no window of the quota's length, anywhere on the
 * timeline, holds more than the quota's amount, counting each permit at the time its request may be sent. It keeps
 * the grant times of the last {@code amount} permits; a request of {@code k} permits may go at time {@code t} only
 * when the permit {@code amount - k + 1} places back was granted at {@code t - window} or earlier, so that the
 * half-open window {@code (t - window, t]} holds at most {@code amount}. Under continuous demand that is exactly the
 * quota's rate; after idle time a full window's amount may go at once (no window then holds more). Requests are
 * served in order: no grant is earlier than the one before it.
 *
 * <p>A new log starts as if the last window had been used evenly, so a process that restarts right after using its
 * quota sends at the steady rate instead of adding a burst on top. A 429 that any thread sees {@linkplain #throttled
 * drains} the log the same way and may hold every grant until the hub's {@code Retry-After}.
 *
 * <p>The log holds the grant times that can still hold a new grant back: those within a window of now, at least, and
 * those granted ahead of now for requests still waiting; so a cancelled grant never lets an older one be forgotten.
 *
 * <p>Thread-safe: each operation takes a short lock; waiting happens outside it. Times are nanoseconds on the
 * client's monotonic clock.
 */
final class SlidingLog {

    private final int amount;
    private final long window;
    /** Grant times, oldest first, of every permit that can still constrain a grant: a ring that grows. */
    private long[] ring;
    private int head;
    private int size;
    private long blockedUntil = Long.MIN_VALUE;

    SlidingLog(int amount, long windowNanos, long nowNanos) {
        if (amount < 1) {
            throw new IllegalArgumentException("sliding log amount is " + amount + "; it must be at least 1");
        }
        if (windowNanos < 1) {
            throw new IllegalArgumentException("sliding log window is " + windowNanos + " ns; it must be positive");
        }
        this.amount = amount;
        this.window = windowNanos;
        this.ring = new long[Math.max(16, Integer.highestOneBit(amount) * 2)];
        drain(nowNanos);
    }

    /** Replaces the log with one as if the window before {@code now} had been used at the steady rate. */
    private void drain(long now) {
        head = 0;
        size = 0;
        for (int i = 0; i < amount; i++) {
            // Entry i at now - window + i * window / amount: entry 0 leaves the window at once, so one request may
            // go now, and then one every window / amount.
            append(now - window + (long) ((double) window * i / amount));
        }
    }

    private long at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    /** Forgets permits granted a whole window before {@code now}: they can no longer hold a grant back. */
    private void evict(long now) {
        while (size > 0 && at(0) <= now - window) {
            head = (head + 1) & (ring.length - 1);
            size--;
        }
    }

    /**
     * Reserves permits and returns when they may be used.
     *
     * @param permits at least 1
     * @param now the current time, in ns
     * @return the grant time, at or after {@code now}
     */
    synchronized long reserve(long permits, long now) {
        evict(now);
        long t = Math.max(now, blockedUntil);
        if (size > 0) {
            t = Math.max(t, at(size - 1)); // in order
        }
        if (permits >= amount) {
            // More than a window's amount in one request: it goes when the window before it is empty.
            if (size > 0) {
                t = Math.max(t, at(size - 1) + window);
            }
        } else {
            int back = amount - (int) permits + 1; // the permit that many places back must be out of the window
            if (size >= back) {
                t = Math.max(t, at(size - back) + window);
            }
        }
        long add = Math.min(permits, amount);
        for (long i = 0; i < add; i++) {
            append(t);
        }
        return t;
    }

    private void append(long t) {
        if (size == ring.length) {
            long[] bigger = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = t;
        size++;
    }

    /**
     * Gives back permits granted at {@code grant} that will not be used: removes that many entries of that time,
     * newest first. Later grants computed while they stood stay as they are (a little later than needed, never
     * earlier).
     *
     * @param permits how many were reserved
     * @param grant the grant time {@link #reserve} returned
     */
    synchronized void cancel(long permits, long grant) {
        long left = Math.min(permits, amount);
        for (int i = size - 1; i >= 0 && left > 0; i--) {
            if (at(i) == grant) {
                for (int j = i; j < size - 1; j++) {
                    ring[(head + j) & (ring.length - 1)] = at(j + 1);
                }
                size--;
                left--;
            }
        }
    }

    /**
     * Moves permits granted at {@code grant} to the time their request is actually sent, when that is later (the
     * thread was late to send it): the log then holds what the hub will see, and later grants count from it.
     *
     * @param permits how many were reserved
     * @param grant the grant time {@link #reserve} returned
     * @param sent the time the request goes, in ns
     */
    synchronized void confirm(long permits, long grant, long sent) {
        if (sent <= grant) {
            return;
        }
        long moved = 0;
        long wanted = Math.min(permits, amount);
        for (int i = size - 1; i >= 0 && moved < wanted; i--) {
            if (at(i) == grant) {
                for (int j = i; j < size - 1; j++) {
                    ring[(head + j) & (ring.length - 1)] = at(j + 1);
                }
                size--;
                moved++;
            }
        }
        for (long m = 0; m < moved; m++) {
            // Insert in order: entries after the new time shift one place towards the end.
            append(sent);
            int i = size - 1;
            while (i > 0 && at(i - 1) > sent) {
                ring[(head + i) & (ring.length - 1)] = at(i - 1);
                i--;
            }
            ring[(head + i) & (ring.length - 1)] = sent;
        }
    }

    /**
     * Reacts to a 429 for this class, seen by any thread: no burst until the window has passed at the steady rate,
     * and no grant before {@code until}.
     *
     * @param now the current time, in ns
     * @param until the end of the hub's {@code Retry-After}, or {@code now} when it gave none
     */
    synchronized void throttled(long now, long until) {
        long from = Math.max(now, until);
        long last = size > 0 ? at(size - 1) : Long.MIN_VALUE;
        if (last <= from) {
            // Nothing is queued beyond the hold: restart at the steady rate from its end, without a burst.
            drain(from);
        }
        blockedUntil = Math.max(blockedUntil, until);
    }

    int amount() {
        return amount;
    }

    long windowNanos() {
        return window;
    }
}
