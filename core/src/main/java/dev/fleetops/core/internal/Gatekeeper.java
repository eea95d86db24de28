package dev.fleetops.core.internal;

import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.AuditRecord.Outcome;
import dev.fleetops.core.call.AuditSink;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Authorization and audit around each façade call: gives the call a correlation id, asks the {@link Authorizer}
 * before anything is sent, and records mutating calls (and every denial) with the {@link AuditSink}. Successful and
 * failed reads are not audited. Thread-safe.
 */
public final class Gatekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);

    private final Authorizer authorizer;
    private final AuditSink auditSink;
    private final Clock clock;

    /**
     * Creates the gatekeeper.
     *
     * @param authorizer who may do what
     * @param auditSink where audit records go
     * @param clock the time of audit records
     */
    public Gatekeeper(Authorizer authorizer, AuditSink auditSink, Clock clock) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Authorizes and runs a call, auditing it when the action is mutating.
     *
     * @param operator who acts
     * @param action what the call does
     * @param target what it acts on, for example {@code device:d1}
     * @param detail a short description for the audit record (redacted there), possibly empty
     * @param call the call, given its correlation id
     * @param <T> the result type
     * @return the call's result
     * @throws AccessDeniedException if the authorizer refuses
     */
    public <T> T run(Operator operator, Action action, String target, String detail, Function<UUID, T> call) {
        return run(operator, action, target, detail, call, result -> "");
    }

    /**
     * Authorizes and runs a call, auditing it when the action is mutating, with a detail that also describes the
     * result.
     *
     * @param operator who acts
     * @param action what the call does
     * @param target what it acts on
     * @param detail a short description for the audit record, possibly empty
     * @param call the call, given its correlation id
     * @param resultDetail text appended to the detail on success, possibly empty
     * @param <T> the result type
     * @return the call's result
     * @throws AccessDeniedException if the authorizer refuses
     */
    public <T> T run(Operator operator, Action action, String target, String detail, Function<UUID, T> call,
                     Function<? super T, String> resultDetail) {
        UUID correlationId = UUID.randomUUID();
        if (!authorizer.permits(operator, action, target)) {
            String message = denial(operator, action, target);
            audit(new AuditRecord(operator, action, target, Outcome.DENIED, "", correlationId, clock.instant(),
                    detail));
            throw new AccessDeniedException(message);
        }
        T result;
        try {
            result = call.apply(correlationId);
        } catch (RuntimeException | Error e) {
            if (action.mutating()) {
                String described = Redactor.describe(e);
                audit(new AuditRecord(operator, action, target, Outcome.FAILED, e.getClass().getName(),
                        correlationId, clock.instant(), detail.isEmpty() ? described : detail + "; " + described));
            }
            throw e;
        }
        if (action.mutating()) {
            String more = resultDetail.apply(result);
            String text = more.isEmpty() ? detail : detail.isEmpty() ? more : detail + "; " + more;
            audit(new AuditRecord(operator, action, target, Outcome.SUCCEEDED, "", correlationId, clock.instant(),
                    text));
        }
        return result;
    }

    private String denial(Operator operator, Action action, String target) {
        Set<Role> allowing = authorizer.rolesPermitting(action);
        return Redactor.redact("operator '" + operator.name() + "' (roles " + operator.roles() + ") may not "
                + action.id() + " on " + target + "; "
                + (allowing.isEmpty() ? "no role is known to allow it" : "roles that allow it: " + allowing));
    }

    private void audit(AuditRecord record) {
        try {
            auditSink.record(record);
        } catch (RuntimeException e) {
            // Auditing must not change the outcome of the call; the message may quote the record, so it is left out.
            LOG.warn("audit sink failed action={} correlationId={} failure={}", record.action(),
                    record.correlationId(), e.getClass().getName());
        }
    }
}
