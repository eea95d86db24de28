package dev.fleetops.core.call;


/**
 * What a {@link dev.fleetops.core.FleetClient} call does, as authorized by an {@link Authorizer} and recorded by an {@link AuditSink}.
 * Each action has a stable dotted name, for example {@code twin.patch}, used in audit records and logs.
 * Thread-safe.
 */
public enum Action {
    /** Reading a device identity or registry statistics. */
    DEVICE_READ("device.read", false),
    /** Registering a device. */
    DEVICE_CREATE("device.create", true),
    /** Changing a device identity's status or authentication. */
    DEVICE_UPDATE("device.update", true),
    /** Deleting a device identity and its twin. */
    DEVICE_DELETE("device.delete", true),
    /** Creating, updating or deleting many devices in bulk registry calls. */
    DEVICE_BULK("device.bulk", true),
    /** Reading a twin by device id. */
    TWIN_READ("twin.read", false),
    /** Patching a twin's tags and desired properties. */
    TWIN_PATCH("twin.patch", true),
    /** Running a query over twins or jobs. */
    QUERY_RUN("query.run", false),
    /** Reading or listing configurations. */
    CONFIGURATION_READ("configuration.read", false),
    /** Creating a configuration. */
    CONFIGURATION_CREATE("configuration.create", true),
    /** Changing a configuration's target, priority, labels or metrics. */
    CONFIGURATION_UPDATE("configuration.update", true),
    /** Deleting a configuration. */
    CONFIGURATION_DELETE("configuration.delete", true),
    /** Reading or listing jobs and their per-device results. */
    JOB_READ("job.read", false),
    /** Scheduling a twin-update or direct-method job. */
    JOB_SCHEDULE("job.schedule", true),
    /** Cancelling a job. */
    JOB_CANCEL("job.cancel", true),
    /** Invoking a direct method on a device. */
    METHOD_INVOKE("method.invoke", true);

    private final String id;
    private final boolean mutating;

    Action(String id, boolean mutating) {
        this.id = id;
        this.mutating = mutating;
    }

    /**
     * Returns the dotted name used in audit records and logs.
     *
     * @return the name, for example {@code "twin.patch"}
     */
    public String id() {
        return id;
    }

    /**
     * Tells whether the action changes the hub or a device; mutating actions are audited.
     *
     * @return true for changes, false for reads and queries
     */
    public boolean mutating() {
        return mutating;
    }

    /** Returns {@link #id()}. */
    @Override
    public String toString() {
        return id;
    }
}
