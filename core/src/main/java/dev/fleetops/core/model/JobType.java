package dev.fleetops.core.model;

/**
 * The kind of a scheduled job. Thread-safe.
 */
public enum JobType {
    /** Patch the twins matched by the job's condition ({@code scheduleUpdateTwin}). */
    TWIN_UPDATE("scheduleUpdateTwin"),
    /** Invoke a direct method on the devices matched by the job's condition ({@code scheduleDeviceMethod}). */
    DIRECT_METHOD("scheduleDeviceMethod");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns IoT Hub's name for the type.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }
}
