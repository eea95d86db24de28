package dev.fleetops.provisioning.spi;

/** What a bulk enrollment call does to each of its enrollments, as DPS names it. Thread-safe. */
public enum BulkEnrollmentMode {
    /** Create; refused for an enrollment that exists ({@code 409}). */
    CREATE("create"),
    /** Create or replace. */
    UPDATE("update"),
    /** Replace if the enrollment's ETag still matches; refused otherwise ({@code 412}). */
    UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),
    /** Delete. */
    DELETE("delete");

    private final String wireName;

    BulkEnrollmentMode(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the mode as DPS writes it in the request's {@code mode}.
     *
     * @return for example {@code updateIfMatchETag}
     */
    public String wireName() {
        return wireName;
    }
}
