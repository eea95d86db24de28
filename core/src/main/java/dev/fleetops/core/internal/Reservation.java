package dev.fleetops.core.internal;

/**
 * Permits reserved from a {@link Pacer} for one request: how long to wait before sending it, and a way to give the
 * permits back when the request will not be sent after all. Not thread-safe: it belongs to the call that made it.
 */
public interface Reservation {

    /** A reservation that needs no wait and holds nothing, for unpaced classes. */
    Reservation NONE = new Reservation() {
        @Override
        public long waitNanos() {
            return 0;
        }

        @Override
        public void cancel(long nowNanos) {
        }

        @Override
        public void confirm(long nowNanos) {
        }
    };

    /**
     * Returns how long to wait before sending.
     *
     * @return ns, 0 when the request may go now
     */
    long waitNanos();

    /**
     * Gives the permits back because the request will not be sent (interrupted, deadline passed, wait too long), so
     * that the next request does not wait for them. Idempotent.
     *
     * @param nowNanos the current time on the client's clock, in ns
     */
    void cancel(long nowNanos);

    /**
     * Records that the request goes now: when that is later than the time it was granted (the thread was late),
     * the pacer counts it at the time it is really sent.
     *
     * @param nowNanos the current time on the client's clock, in ns
     */
    void confirm(long nowNanos);
}
