package dev.fleetops.core.spi;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;

/**
 * Direct methods: a synchronous request to one connected device.
 *
 * <p>Implementations are thread-safe. An invocation is not idempotent (the device acts on it), so it is never
 * retried after an ambiguous failure.
 */
public interface DirectMethodService {

    /**
     * Invokes a method on a device and waits for its answer.
     *
     * @param id the device
     * @param invocation the method, payload and timeouts
     * @return the device's status and payload
     * @throws dev.fleetops.core.error.DeviceNotFoundException if the device is not registered
     * @throws dev.fleetops.core.error.DeviceNotOnlineException if it is not connected within the connect timeout
     * @throws dev.fleetops.core.error.ServiceUnavailableException with status 504 if it did not answer in time
     */
    MethodResult invoke(DeviceId id, MethodInvocation invocation);
}
