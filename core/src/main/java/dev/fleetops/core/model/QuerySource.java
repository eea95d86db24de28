package dev.fleetops.core.model;

/**
 * The document collection a query reads, named in its {@code FROM} clause. Internal: not part of the FleetOps
 * API. Thread-safe (an enum).
 */
public enum QuerySource {
    /** Device twins: {@code FROM devices}. */
    DEVICES("devices"),
    /** Module twins: {@code FROM devices.modules}. */
    MODULES("devices.modules"),
    /** Jobs, one document per device and job: {@code FROM devices.jobs}. */
    JOBS("devices.jobs");

    private final String collection;

    QuerySource(String collection) {
        this.collection = collection;
    }

    /**
     * Returns the collection name as written after {@code FROM}.
     *
     * @return {@code devices}, {@code devices.modules} or {@code devices.jobs}
     */
    public String collection() {
        return collection;
    }
}
