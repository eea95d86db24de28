package dev.fleetops.core.model;

import java.util.List;

/**
 * Where a scheduled job stands on one device; the hub's {@code canceled} reads as {@link #CANCELLED}.
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class DeviceJobStatus extends OpenValue {

    /** Not processed yet. */
    public static final DeviceJobStatus PENDING = new DeviceJobStatus("PENDING", "pending", true);

    /** Waiting for the job's start. */
    public static final DeviceJobStatus SCHEDULED = new DeviceJobStatus("SCHEDULED", "scheduled", true);

    /** In progress. */
    public static final DeviceJobStatus RUNNING = new DeviceJobStatus("RUNNING", "running", true);

    /** Done: the twin was patched, or the method answered. */
    public static final DeviceJobStatus COMPLETED = new DeviceJobStatus("COMPLETED", "completed", true);

    /** The operation failed on this device (for example the device was offline for a method). */
    public static final DeviceJobStatus FAILED = new DeviceJobStatus("FAILED", "failed", true);

    /** The job was cancelled before this device was processed. */
    public static final DeviceJobStatus CANCELLED = new DeviceJobStatus("CANCELLED", "cancelled", true);

    private static final List<DeviceJobStatus> VALUES = List.of(PENDING, SCHEDULED, RUNNING, COMPLETED, FAILED, CANCELLED);

    private DeviceJobStatus(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code pending}) or as a constant is named ({@code PENDING}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static DeviceJobStatus of(String wireName) {
        if ("canceled".equalsIgnoreCase(wireName)) {
            return CANCELLED; // the hub has written both spellings
        }
        return lookup(wireName, VALUES, w -> new DeviceJobStatus(w, w, false), "deviceJobStatus");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<DeviceJobStatus> values() {
        return VALUES;
    }

}
