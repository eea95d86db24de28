package dev.fleetops.core.internal;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.CallInfo;
import dev.fleetops.core.model.OperationClass;

import java.util.UUID;

/**
 * One logical call from authorization to its end: its id, the audit context it carries (the caller's, or one made
 * for it), and its deadline on the client's clock. Every attempt, re-read and pacing wait of the call runs under
 * it. Immutable and thread-safe.
 */
public final class CallScope {

    private final UUID callId;
    private final Caller caller;
    private final AuditContext context;
    private final Action action;
    private final String target;
    private final long startNanos;
    private final long deadlineNanos;

    CallScope(Caller caller, Action action, String target, long startNanos) {
        this.callId = UUID.randomUUID();
        this.caller = caller;
        this.context = caller.context() != null ? caller.context() : AuditContext.of(callId.toString());
        this.action = action;
        this.target = target;
        this.startNanos = startNanos;
        long budget = caller.options().deadline().toNanos();
        this.deadlineNanos = startNanos + budget < startNanos ? Long.MAX_VALUE : startNanos + budget;
    }

    /**
     * Returns the call's own id.
     *
     * @return the id
     */
    public UUID callId() {
        return callId;
    }

    /**
     * Returns the caller.
     *
     * @return the caller
     */
    public Caller caller() {
        return caller;
    }

    /**
     * Returns the audit context the call carries.
     *
     * @return the context
     */
    public AuditContext context() {
        return context;
    }

    /**
     * Returns the correlation id the call carries.
     *
     * @return the id
     */
    public String correlationId() {
        return context.correlationId();
    }

    /**
     * Returns the action.
     *
     * @return the action
     */
    public Action action() {
        return action;
    }

    /**
     * Returns when the call started, on the client's clock.
     *
     * @return ns
     */
    public long startNanos() {
        return startNanos;
    }

    /**
     * Returns when the call's deadline passes, on the client's clock.
     *
     * @return ns
     */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Returns the call as listeners see it, for one operation class.
     *
     * @param op the class
     * @return the info
     */
    public CallInfo info(OperationClass op) {
        return new CallInfo(callId, action, op, target, caller.operator(), context);
    }

    /** Returns the ids and action, for logs. */
    @Override
    public String toString() {
        return "CallScope[callId=" + callId + ", correlationId=" + context.correlationId() + ", action=" + action
                + "]";
    }
}
