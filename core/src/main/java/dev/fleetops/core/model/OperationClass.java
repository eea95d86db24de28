package dev.fleetops.core.model;

/**
 * The classes of hub operations that IoT Hub throttles separately, used for pacing, quotas and call statistics.
 * Thread-safe.
 */
public enum OperationClass {
    /** Identity registry operations: get, create, update, delete; a bulk call counts once per device. */
    REGISTRY,
    /** Twin reads by id. */
    TWIN_READ,
    /** Twin updates (tags and desired properties). */
    TWIN_UPDATE,
    /** Queries; each page is one query. */
    QUERY,
    /** Job operations: create, get, list, cancel. */
    JOBS,
    /** Configuration create, read, update, delete. */
    CONFIGURATIONS,
    /** Direct method invocations. */
    DIRECT_METHOD
}
