package dev.fleetops.core.call;



/**
 * Receives the audit trail of a {@link dev.fleetops.core.FleetClient}: one {@link AuditRecord} per mutating call and per denied call.
 *
 * <p>Implementations must be thread-safe (records arrive from every thread that uses the client) and fast, since
 * they run on the caller's thread after each call. An exception thrown by a sink is logged (without its message)
 * and swallowed, so auditing never changes the outcome of a call.
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Records one entry.
     *
     * @param record the entry; secrets are already masked
     */
    void record(AuditRecord record);

    /**
     * Returns the default sink: one line per record, {@code key=value} pairs, on the slf4j logger named
     * {@code dev.fleetops.audit}; INFO for successes, WARN for failures and denials.
     *
     * @return the sink
     */
    static AuditSink slf4j() {
        return Slf4jAuditSink.INSTANCE;
    }
}
