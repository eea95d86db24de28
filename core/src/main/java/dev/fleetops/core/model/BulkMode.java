package dev.fleetops.core.model;

/**
 * What a bulk registry operation does to one device. Thread-safe.
 */
public enum BulkMode {
    /** Create the device; fails for that device if it exists. */
    CREATE("create"),
    /** Update the device unconditionally; fails for that device if it does not exist. */
    UPDATE("update"),
    /** Update the device if its ETag still matches the one given. */
    UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),
    /** Delete the device unconditionally. */
    DELETE("delete"),
    /** Delete the device if its ETag still matches the one given. */
    DELETE_IF_MATCH_ETAG("deleteIfMatchETag");

    private final String wireName;

    BulkMode(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the name IoT Hub uses in the bulk request's {@code importMode}.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Tells whether this mode is conditional on the device's ETag.
     *
     * @return true for the {@code IfMatchETag} modes
     */
    public boolean etagGuarded() {
        return this == UPDATE_IF_MATCH_ETAG || this == DELETE_IF_MATCH_ETAG;
    }
}
