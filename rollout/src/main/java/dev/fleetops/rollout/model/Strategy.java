package dev.fleetops.rollout.model;

/** How the rollout writes the change to devices. Thread-safe. */
public enum Strategy {
    /** One twin patch per device, guarded by the ETag just read, paced at the hub quota: precise, one call each. */
    PER_DEVICE,
    /**
     * One scheduled hub job per wave over the bucket tag ({@code tags.fleetops.bucket}): one call per wave, the
     * fan-out inside IoT Hub; devices without the tag get per-device patches, and an event says so.
     */
    JOBS
}
