package dev.fleetops.core;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.Attempt;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.RemoteCall;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.internal.Caller;

import java.util.Objects;
import java.util.function.Function;

/**
 * The seam other modules build on: runs their own operations and remote calls through the same policy as the
 * client's hub calls. Obtain it with {@link FleetClient#calls()}; it acts as that client view's operator, under its
 * audit context and call options.
 *
 * <ul>
 *   <li>{@link #run(RemoteCall, Function)} runs one remote call (to DPS, say): authorized for its
 *       {@link Action}, audited when the action is mutating, paced by its operation class's quota, retried as its
 *       {@link dev.fleetops.core.call.Safety} allows, bounded by the deadline, counted in
 *       {@link FleetClient#statistics()} and told to the {@link dev.fleetops.core.call.CallListener}.</li>
 *   <li>{@link #perform(Action, String, String, Function)} runs an operation made of several calls (begin a
 *       rollout, retire a device): authorized and audited as one action, and its body gets a client view whose
 *       calls all carry the operation's correlation id and attributes.</li>
 * </ul>
 *
 * <pre>{@code
 * static final Action ENROLLMENT_DELETE = Action.change("enrollment.delete");
 * static final OperationClass DPS = OperationClass.of("dps", Quota.perMinute(1000));
 *
 * client.calls().run(RemoteCall.of(ENROLLMENT_DELETE, "enrollment:" + id, DPS).safety(Safety.IDEMPOTENT),
 *         attempt -> dps.delete(id, attempt.timeout()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Calls {

    private final ClientCore core;
    private final Caller caller;

    Calls(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    /**
     * Runs one remote call through the client's policy.
     *
     * @param call what the call is: action, target, operation class, safety, permits, audit detail
     * @param body the call itself, given its attempt (number, timeout, audit context); run once per attempt
     * @param <T> the result type
     * @return the body's result
     * @throws AccessDeniedException if the operator may not perform the action (nothing is run)
     * @throws DeadlineExceededException if the deadline passes, or quota cannot be had within the maximum wait
     * @throws InterruptedCallException if the thread is interrupted while the call waits
     * @throws RuntimeException the body's last failure when it may not be retried or attempts ran out
     */
    public <T> T run(RemoteCall call, Function<Attempt, T> body) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(body, "body");
        return core.gatekeeper.run(caller, call.action(), call.target(), call.detail(), scope ->
                core.policy.execute(call.operationClass(), call.safety(), call.permits(),
                        call.action().id() + " " + call.target(), scope, body));
    }

    /**
     * Runs an operation made of several calls, authorized and audited as one action. The body receives a view of
     * the client that acts as the same operator, with the same call options, under an audit context carrying the
     * operation's correlation id (this view's own, or a new one) and this view's attributes; every call made
     * through it is authorized, paced, retried and audited on its own as well, under that correlation id.
     *
     * @param action what the operation does, for example {@code rollout.begin}
     * @param target what it acts on, for example {@code rollout:r-17}
     * @param detail a short description for the audit record, possibly empty; redacted there
     * @param body the operation
     * @param <T> the result type
     * @return the body's result
     * @throws AccessDeniedException if the operator may not perform the action (the body is not run)
     * @throws RuntimeException what the body throws, after it is audited as the operation's failure
     */
    public <T> T perform(Action action, String target, String detail, Function<FleetClient, T> body) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(body, "body");
        return core.gatekeeper.run(caller, action, target, detail, scope -> {
            AuditContext context = scope.context();
            return body.apply(FleetClient.view(core, caller.withContext(context)));
        });
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Calls[operator=" + caller.operator().name() + "]";
    }
}
