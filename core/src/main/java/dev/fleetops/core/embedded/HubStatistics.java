package dev.fleetops.core.embedded;

import dev.fleetops.core.model.OperationClass;

import java.util.Map;

/**
 * What the embedded hub has served: requests and throttled requests per operation class, injected faults, and the
 * number of devices. A snapshot; immutable and thread-safe.
 *
 * @param requests requests received per operation class (including throttled ones)
 * @param throttled requests refused with 429 because a tier quota was exceeded
 * @param faultsInjected faults fired by the fault injector
 * @param devices twins held now: devices and module twins, which share IoT Hub's limit of 1,000,000
 */
public record HubStatistics(Map<OperationClass, Long> requests, Map<OperationClass, Long> throttled,
                            long faultsInjected, long devices) {

    /**
     * Copies the maps.
     *
     * @param requests requests received per operation class (including throttled ones)
     * @param throttled requests refused with 429 because a tier quota was exceeded
     * @param faultsInjected faults fired by the fault injector
     * @param devices twins held now: devices and module twins, which share IoT Hub's limit of 1,000,000
     */
    public HubStatistics {
        requests = Map.copyOf(requests);
        throttled = Map.copyOf(throttled);
    }

    /**
     * Returns the requests of one class.
     *
     * @param op the operation class
     * @return the count
     */
    public long requests(OperationClass op) {
        return requests.getOrDefault(op, 0L);
    }

    /**
     * Returns the throttled requests of one class.
     *
     * @param op the operation class
     * @return the count
     */
    public long throttled(OperationClass op) {
        return throttled.getOrDefault(op, 0L);
    }

    /**
     * Returns all throttled requests.
     *
     * @return the total
     */
    public long totalThrottled() {
        return throttled.values().stream().mapToLong(Long::longValue).sum();
    }
}
