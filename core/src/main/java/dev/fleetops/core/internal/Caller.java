package dev.fleetops.core.internal;

import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.CallOptions;
import dev.fleetops.core.call.Operator;

import java.util.Objects;

/**
 * Who calls and how, for one view of a client: the acting operator, the audit context its calls carry (null for a
 * fresh correlation id per call) and the call options. Immutable and thread-safe.
 *
 * @param operator who acts
 * @param context the audit context, or null for none
 * @param options the call bounds
 */
public record Caller(Operator operator, AuditContext context, CallOptions options) {

    /**
     * Validates the caller.
     *
     * @param operator who acts
     * @param context the audit context, or null for none
     * @param options the call bounds
     * @throws NullPointerException if the operator or options are null
     */
    public Caller {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Returns this caller acting as another operator.
     *
     * @param value the operator
     * @return the caller
     */
    public Caller withOperator(Operator value) {
        return new Caller(value, context, options);
    }

    /**
     * Returns this caller with another audit context.
     *
     * @param value the context, or null for none
     * @return the caller
     */
    public Caller withContext(AuditContext value) {
        return new Caller(operator, value, options);
    }

    /**
     * Returns this caller with other call options.
     *
     * @param value the options
     * @return the caller
     */
    public Caller withOptions(CallOptions value) {
        return new Caller(operator, context, value);
    }
}
