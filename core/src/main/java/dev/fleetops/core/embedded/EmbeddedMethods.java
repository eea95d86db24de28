package dev.fleetops.core.embedded;

import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.spi.DirectMethodService;

import java.time.Duration;
import java.util.Optional;

/**
 * Direct methods of the embedded hub. A device answers only through a method endpoint (the simulator installs
 * one); a device without one, or one the endpoint reports offline, gets {@link DeviceNotOnlineException}, as on a
 * real hub. An answer slower than the response timeout becomes a 504. Thread-safe.
 */
final class EmbeddedMethods implements DirectMethodService {

    /** How simulated devices answer; empty means the device is not connected. */
    interface MethodEndpoint {
        Optional<Reply> handle(DeviceId id, MethodInvocation invocation);
    }

    /** A device's answer and how long it took, on the hub's clock. */
    record Reply(MethodResult result, Duration latency) {
    }

    private final HubCore core;
    private volatile MethodEndpoint endpoint;

    EmbeddedMethods(HubCore core) {
        this.core = core;
    }

    void endpoint(MethodEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public MethodResult invoke(DeviceId id, MethodInvocation invocation) {
        return core.call(OperationClass.DIRECT_METHOD, 1, "invoke method '" + invocation.methodName() + "' on "
                + id, () -> {
                    Reply reply = reply(id, invocation);
                    core.sleep(reply.latency().compareTo(invocation.responseTimeout()) > 0
                            ? invocation.responseTimeout() : reply.latency());
                    return check(id, invocation, reply);
                });
    }

    /** Delivers a method without the call wrapper or waiting; jobs use it. */
    MethodResult deliver(DeviceId id, MethodInvocation invocation) {
        return check(id, invocation, reply(id, invocation));
    }

    private Reply reply(DeviceId id, MethodInvocation invocation) {
        core.record(id);
        MethodEndpoint e = endpoint;
        Optional<Reply> reply = e == null ? Optional.empty() : e.handle(id, invocation);
        return reply.orElseThrow(() -> new DeviceNotOnlineException(id, invocation.methodName()));
    }

    private static MethodResult check(DeviceId id, MethodInvocation invocation, Reply reply) {
        if (reply.latency().compareTo(invocation.responseTimeout()) > 0) {
            throw new ServiceUnavailableException(504, "device '" + id + "' did not answer method '"
                    + invocation.methodName() + "' within " + invocation.responseTimeout().toSeconds() + " s");
        }
        return reply.result();
    }
}
