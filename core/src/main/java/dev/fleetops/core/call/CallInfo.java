package dev.fleetops.core.call;

import dev.fleetops.core.model.OperationClass;

import java.util.Objects;
import java.util.UUID;

/**
 * The call an event is about: its own id, what it does and to what, for whom, and under which audit context.
 * Immutable and thread-safe.
 *
 * @param callId unique to this call (a logical call: all its attempts share it)
 * @param action what the call does
 * @param operationClass the class its attempts are paced and counted in
 * @param target what it acts on, for example {@code device:sensor-17}; redacted like audit targets
 * @param operator who acts
 * @param context the correlation id and attributes the call carries
 */
public record CallInfo(UUID callId, Action action, OperationClass operationClass, String target, Operator operator,
                       AuditContext context) {

    /**
     * Validates the info.
     *
     * @param callId unique to this call (a logical call: all its attempts share it)
     * @param action what the call does
     * @param operationClass the class its attempts are paced and counted in
     * @param target what it acts on, for example {@code device:sensor-17}; redacted like audit targets
     * @param operator who acts
     * @param context the correlation id and attributes the call carries
     * @throws NullPointerException if a component is null
     */
    public CallInfo {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(operationClass, "operationClass");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(context, "context");
    }
}
