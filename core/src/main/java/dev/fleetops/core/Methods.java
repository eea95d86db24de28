package dev.fleetops.core;

import dev.fleetops.core.call.CallOptions;
import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Direct methods, through a {@link FleetClient}: every invocation is authorized, paced, audited, and never repeated
 * after an ambiguous failure (the device may have acted on it); throttled invocations are repeated. Obtain it with
 * {@link FleetClient#methods()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Methods {

    /** The size of the unit in which IoT Hub meters direct methods, in bytes (4 KB). */
    public static final int METERING_UNIT_BYTES = 4096;

    private final ClientCore core;
    private final Caller caller;

    Methods(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    /**
     * Invokes a method on a device and waits for its answer (up to the invocation's timeouts). Pacing takes one
     * permit per started {@value #METERING_UNIT_BYTES} bytes of payload, at least one, since the hub's quota for
     * direct methods is a byte rate.
     *
     * @param id the device
     * @param invocation the method, payload and timeouts
     * @return the device's status and payload
     * @throws DeviceNotFoundException if the device is not registered
     * @throws DeviceNotOnlineException if it is not connected within the connect timeout
     * @throws ServiceUnavailableException with status 504 if it did not answer in time
     * @throws AccessDeniedException if the operator may not invoke methods
     * @throws FleetException for other failures of the hub
     */
    public MethodResult invoke(DeviceId id, MethodInvocation invocation) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(invocation, "invocation");
        long bytes = invocation.payloadJson().getBytes(StandardCharsets.UTF_8).length;
        long permits = Math.max(1, (bytes + METERING_UNIT_BYTES - 1) / METERING_UNIT_BYTES);
        // The attempt must outlast the method's own timeouts: the hub answers only after the device does.
        Duration needed = invocation.responseTimeout().plus(invocation.connectTimeout()).plusSeconds(30);
        CallOptions options = caller.options();
        Caller methodCaller = options.attemptTimeout().compareTo(needed) >= 0 ? caller
                : caller.withOptions(options.withAttemptTimeout(needed)
                        .withDeadline(options.deadline().compareTo(needed) >= 0 ? options.deadline() : needed));
        return core.gatekeeper.run(methodCaller, Action.METHOD_INVOKE, "device:" + id.value(),
                "method=" + invocation.methodName() + " payloadBytes=" + bytes,
                corr -> core.policy.execute(OperationClass.DIRECT_METHOD, Safety.UNSAFE, permits,
                        "method.invoke device=" + id.value() + " method=" + invocation.methodName(), corr,
                        () -> core.hub.methods().invoke(id, invocation)),
                result -> "status=" + result.status());
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Methods[operator=" + caller.operator().name() + "]";
    }
}
