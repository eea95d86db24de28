package dev.fleetops.core.embedded;

/**
 * Work the embedded hub does on its own clock: simulated devices, job fan-out, configuration passes. The hub runs
 * tickers in time order whenever it is called or its simulator advances time.
 */
interface Ticker {

    /** No work is due. */
    long NEVER = Long.MAX_VALUE;

    /**
     * Returns when this ticker next has work, in epoch nanoseconds of the hub's clock, or {@link #NEVER}.
     */
    long nextDueNanos();

    /**
     * Does the work due at or before {@code nanos}.
     */
    void runDue(long nanos);
}
