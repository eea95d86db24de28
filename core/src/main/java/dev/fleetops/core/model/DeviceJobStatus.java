package dev.fleetops.core.model;

/**
 * Where a scheduled job stands on one device. Thread-safe.
 */
public enum DeviceJobStatus {
    /** Not processed yet. */
    PENDING,
    /** Waiting for the job's start. */
    SCHEDULED,
    /** In progress. */
    RUNNING,
    /** Done: the twin was patched, or the method answered. */
    COMPLETED,
    /** The operation failed on this device (for example the device was offline for a method). */
    FAILED,
    /** The job was cancelled before this device was processed. */
    CANCELLED
}
