package dev.fleetops.core.model;

import java.util.List;

/**
 * Whether IoT Hub lets a device connect ({@code status} of an identity or twin).
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class DeviceStatus extends OpenValue {

    /** The device may connect. */
    public static final DeviceStatus ENABLED = new DeviceStatus("ENABLED", "enabled", true);

    /** The device is refused at connection time. */
    public static final DeviceStatus DISABLED = new DeviceStatus("DISABLED", "disabled", true);

    private static final List<DeviceStatus> VALUES = List.of(ENABLED, DISABLED);

    private DeviceStatus(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code enabled}) or as a constant is named ({@code ENABLED}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static DeviceStatus of(String wireName) {
        return lookup(wireName, VALUES, w -> new DeviceStatus(w, w, false), "deviceStatus");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<DeviceStatus> values() {
        return VALUES;
    }

}
