package dev.fleetops.core.internal;

/**
 * A token bucket that paces one class of hub operations: it holds up to {@code capacity} permits and refills
 * continuously at {@code ratePerSecond}. A caller reserves permits and is told how long to wait before using them;
 * reservations are served in order and may borrow from the future (a request for more permits than are available,
 * or than the capacity, waits until the refill has paid for it). Hence in any interval of length t the permits
 * granted, counted at the time each caller may proceed, are at most {@code capacity + ratePerSecond * t} as long as
 * no single request exceeds the capacity.
 *
 * <p>Thread-safe: reservation takes a short lock; waiting happens outside it, so waiting threads neither spin nor
 * block each other. Times are nanoseconds on the caller's clock.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double level;
    private long last;

    /**
     * Creates a bucket.
     *
     * @param capacity the most permits it holds, at least 1
     * @param ratePerSecond permits added per second, positive
     * @param initial permits it holds at {@code nowNanos}, 0 to {@code capacity}
     * @param nowNanos the current time, in ns
     * @throws IllegalArgumentException if a value is out of range
     */
    public TokenBucket(double capacity, double ratePerSecond, double initial, long nowNanos) {
        if (!(capacity >= 1.0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("token bucket capacity is " + capacity + "; it must be at least 1");
        }
        if (!(ratePerSecond > 0.0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("token bucket rate is " + ratePerSecond + "/s; it must be positive");
        }
        if (!(initial >= 0.0 && initial <= capacity)) {
            throw new IllegalArgumentException("token bucket initial level " + initial + " is outside 0.."
                    + capacity);
        }
        this.capacity = capacity;
        this.perNano = ratePerSecond / 1e9;
        this.level = initial;
        this.last = nowNanos;
    }

    /**
     * Reserves permits and returns how long the caller must wait before using them.
     *
     * @param permits how many, at least 1
     * @param nowNanos the current time, in ns
     * @return the wait, in ns; 0 when the permits are available now
     * @throws IllegalArgumentException if {@code permits} is below 1
     */
    public long reserve(long permits, long nowNanos) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits is " + permits + "; reserve at least 1");
        }
        synchronized (this) {
            if (nowNanos > last) {
                level = Math.min(capacity, level + (nowNanos - last) * perNano);
                last = nowNanos;
            }
            // A clock that went backwards (or a caller with an older reading) refills nothing, never less.
            level -= permits;
            if (level >= 0) {
                return Math.max(0, last - nowNanos);
            }
            return (long) Math.ceil(-level / perNano) + Math.max(0, last - nowNanos);
        }
    }

    /**
     * Takes permits if they are there now, without waiting or borrowing; a hub uses this to refuse (429) what it
     * cannot serve. A request larger than the capacity is granted when the bucket is full and leaves it in debt.
     *
     * @param permits how many, at least 1
     * @param nowNanos the current time, in ns
     * @return true when granted
     * @throws IllegalArgumentException if {@code permits} is below 1
     */
    public boolean tryAcquire(long permits, long nowNanos) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits is " + permits + "; acquire at least 1");
        }
        synchronized (this) {
            if (nowNanos > last) {
                level = Math.min(capacity, level + (nowNanos - last) * perNano);
                last = nowNanos;
            }
            if (level + 1e-9 >= Math.min(permits, capacity)) {
                level -= permits;
                return true;
            }
            return false;
        }
    }

    /**
     * Gives back permits reserved and not used: the next reservation waits as if they had never been taken.
     *
     * @param permits how many, at least 1
     * @param nowNanos the current time, in ns
     */
    public void refund(long permits, long nowNanos) {
        synchronized (this) {
            if (nowNanos > last) {
                level = Math.min(capacity, level + (nowNanos - last) * perNano);
                last = nowNanos;
            }
            level = Math.min(capacity, level + permits);
        }
    }

    /**
     * Returns the capacity.
     *
     * @return the most permits held
     */
    public double capacity() {
        return capacity;
    }

    /**
     * Returns the refill rate.
     *
     * @return permits per second
     */
    public double ratePerSecond() {
        return perNano * 1e9;
    }

    /** Returns the settings, for logs. */
    @Override
    public String toString() {
        return "TokenBucket[capacity=" + capacity + ", rate=" + ratePerSecond() + "/s]";
    }
}
