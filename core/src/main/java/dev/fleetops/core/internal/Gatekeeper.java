package dev.fleetops.core.internal;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.AuditRecord.Outcome;
import dev.fleetops.core.call.AuditSink;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.error.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Authorization and audit around each call, core's and modules' alike: opens the call's {@link CallScope}
 * (correlation id, audit context, deadline), asks the {@link Authorizer} before anything is sent, and records
 * mutating calls (and every denial) with the {@link AuditSink}. Successful and failed reads are not audited.
 * Thread-safe.
 */
public final class Gatekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);

    private final Authorizer authorizer;
    private final AuditSink auditSink;
    private final Sleeper sleeper;

    /**
     * Creates the gatekeeper.
     *
     * @param authorizer who may do what
     * @param auditSink where audit records go
     * @param sleeper the client's clock, for audit times and deadlines
     */
    public Gatekeeper(Authorizer authorizer, AuditSink auditSink, Sleeper sleeper) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Authorizes and runs a call, auditing it when the action is mutating.
     *
     * @param caller who acts, under which context and options
     * @param action what the call does
     * @param target what it acts on, for example {@code device:d1}
     * @param detail a short description for the audit record (redacted there), possibly empty
     * @param call the call, given its scope
     * @param <T> the result type
     * @return the call's result
     * @throws AccessDeniedException if the authorizer refuses
     */
    public <T> T run(Caller caller, Action action, String target, String detail, Function<CallScope, T> call) {
        return run(caller, action, target, detail, call, result -> "");
    }

    /**
     * Authorizes and runs a call, auditing it when the action is mutating, with a detail that also describes the
     * result.
     *
     * @param caller who acts, under which context and options
     * @param action what the call does
     * @param target what it acts on
     * @param detail a short description for the audit record, possibly empty
     * @param call the call, given its scope
     * @param resultDetail text appended to the detail on success, possibly empty
     * @param <T> the result type
     * @return the call's result
     * @throws AccessDeniedException if the authorizer refuses
     */
    public <T> T run(Caller caller, Action action, String target, String detail, Function<CallScope, T> call,
                     Function<? super T, String> resultDetail) {
        CallScope scope = new CallScope(caller, action, target, sleeper.nanoTime());
        Operator operator = caller.operator();
        if (!authorizer.permits(operator, action, target)) {
            String message = denial(operator, action, target);
            audit(scope, target, Outcome.DENIED, "", detail);
            throw new AccessDeniedException(message);
        }
        T result;
        try {
            result = call.apply(scope);
        } catch (RuntimeException | Error e) {
            if (action.mutating()) {
                String described = Redactor.describe(e);
                Outcome outcome = e instanceof InterruptedCallException ? Outcome.INTERRUPTED : Outcome.FAILED;
                audit(scope, target, outcome, e.getClass().getName(),
                        detail.isEmpty() ? described : detail + "; " + described);
            }
            throw e;
        }
        if (action.mutating()) {
            String more = resultDetail.apply(result);
            String text = more.isEmpty() ? detail : detail.isEmpty() ? more : detail + "; " + more;
            audit(scope, target, Outcome.SUCCEEDED, "", text);
        }
        return result;
    }

    private String denial(Operator operator, Action action, String target) {
        Set<Role> allowing = authorizer.rolesPermitting(action);
        return "operator '" + Redactor.quote(operator.name(), 120) + "' (roles " + operator.roles() + ") may not "
                + action.id() + " on " + Redactor.quote(target, 200) + "; "
                + (allowing.isEmpty() ? "no role is known to allow it" : "roles that allow it: " + allowing);
    }

    private void audit(CallScope scope, String target, Outcome outcome, String failure, String detail) {
        AuditRecord record = new AuditRecord(scope.caller().operator(), scope.action(), target, outcome, failure,
                scope.correlationId(), scope.context().attributes(), sleeper.clock().instant(), detail);
        try {
            auditSink.record(record);
        } catch (RuntimeException e) {
            // Auditing must not change the outcome of the call; the message may quote the record, so it is left out.
            LOG.warn("audit sink failed action={} correlationId={} failure={}", record.action(),
                    record.correlationId(), e.getClass().getName());
        }
    }
}
