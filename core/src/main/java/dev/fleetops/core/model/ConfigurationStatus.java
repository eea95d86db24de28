package dev.fleetops.core.model;

/**
 * Where an automatic device management configuration stands on one twin, as in the twin's
 * {@code configurations.[[id]].status}. Thread-safe.
 */
public enum ConfigurationStatus {
    /** The twin matches the configuration's target condition, but a higher-priority configuration won. */
    TARGETED,
    /** The configuration's content was written to the twin. */
    APPLIED;

    /**
     * Returns the name IoT Hub uses ({@code Targeted}, {@code Applied}).
     *
     * @return the wire name
     */
    public String wireName() {
        return this == APPLIED ? "Applied" : "Targeted";
    }
}
