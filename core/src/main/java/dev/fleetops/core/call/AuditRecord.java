package dev.fleetops.core.call;

import dev.fleetops.core.error.Redactor;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which target, with what outcome, when, and under which correlation
 * id. A {@link dev.fleetops.core.FleetClient} writes one record per mutating call (and one per denied call, read or not) to its
 * {@link AuditSink}; successful reads are not audited.
 *
 * <p>The target and detail are passed through the library's secret redaction when the record is created, so a
 * record never carries a key or SAS token. Immutable and thread-safe.
 *
 * @param operator who acted
 * @param action what was done
 * @param target what it was done to, for example {@code device:sensor-17} or {@code devices[250]}
 * @param outcome whether it succeeded, failed or was refused
 * @param failure the fully qualified class name of the exception for {@link Outcome#FAILED} and {@link Outcome#INTERRUPTED}, else empty
 * @param correlationId the correlation id of the call: its audit context's, shared by every call made under that
 *     context, or the call's own when it has none; also in the client's log lines about it
 * @param attributes the audit context's attributes, for example {@code rollout=r-17}, possibly empty
 * @param time when the outcome was known, from the client's clock
 * @param detail a short human-readable description (redacted), possibly empty
 */
public record AuditRecord(Operator operator, Action action, String target, Outcome outcome, String failure,
                          String correlationId, Map<String, String> attributes, Instant time, String detail) {

    /** The most characters kept of a detail. */
    public static final int MAX_DETAIL = 500;

    /** How an audited call ended. Thread-safe. */
    public enum Outcome {
        /** The hub applied the call. */
        SUCCEEDED,
        /** The call ended with an exception (after any retries); the failure names its class. */
        FAILED,
        /** The authorizer refused the call; nothing was sent. */
        DENIED,
        /**
         * The calling thread was interrupted while the call waited; the failure names the exception. An attempt
         * already sent may or may not have been applied.
         */
        INTERRUPTED
    }

    /**
     * Validates the record, redacts the target and detail, and cuts the detail to {@value #MAX_DETAIL} characters.
     *
     * @param operator who acted
     * @param action what was done
     * @param target what it was done to, for example {@code device:sensor-17} or {@code devices[250]}
     * @param outcome whether it succeeded, failed or was refused
     * @param failure the fully qualified class name of the exception for {@link Outcome#FAILED} and {@link Outcome#INTERRUPTED}, else empty
     * @param correlationId the correlation id of the call
     * @param attributes the audit context's attributes, possibly empty
     * @param time when the outcome was known, from the client's clock
     * @param detail a short human-readable description (redacted), possibly empty
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a failure is named for an outcome other than {@link Outcome#FAILED} or {@link Outcome#INTERRUPTED}, or
     *     none for it
     */
    public AuditRecord {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(correlationId, "correlationId");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(time, "time");
        target = Redactor.redact(Objects.requireNonNull(target, "target"), 200);
        detail = Redactor.redact(Objects.requireNonNull(detail, "detail"), MAX_DETAIL);
        boolean failed = outcome == Outcome.FAILED || outcome == Outcome.INTERRUPTED;
        if (failed == failure.isEmpty()) {
            throw new IllegalArgumentException("audit record: outcome " + outcome + (failure.isEmpty()
                    ? " needs the failure's class name" : " cannot name a failure (" + failure + ")"));
        }
    }
}
