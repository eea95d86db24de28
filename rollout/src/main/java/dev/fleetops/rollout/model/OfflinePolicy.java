package dev.fleetops.rollout.model;

/**
 * What the rollout does with a target device that is not connected when its wave starts (IoT Hub's
 * {@code connectionState}, which lags by up to five minutes for MQTT and AMQP devices). Thread-safe.
 */
public enum OfflinePolicy {
    /** Patch it anyway: the hub keeps desired properties for when it connects, and its timeout runs as usual. */
    PATCH,
    /** Leave it out of the wave as {@code SKIPPED (offline)}; it does not count toward the gates. */
    SKIP
}
