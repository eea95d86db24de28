package dev.fleetops.core.model;

import java.util.List;

/**
 * Where an automatic device management configuration stands on one twin, as in the twin's
 * {@code configurations.[[id]].status}.
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class ConfigurationStatus extends OpenValue {

    /** The twin matches the configuration's target condition, but a higher-priority configuration won. */
    public static final ConfigurationStatus TARGETED = new ConfigurationStatus("TARGETED", "Targeted", true);

    /** The configuration's content was written to the twin. */
    public static final ConfigurationStatus APPLIED = new ConfigurationStatus("APPLIED", "Applied", true);

    private static final List<ConfigurationStatus> VALUES = List.of(TARGETED, APPLIED);

    private ConfigurationStatus(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code Targeted}) or as a constant is named ({@code TARGETED}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static ConfigurationStatus of(String wireName) {
        return lookup(wireName, VALUES, w -> new ConfigurationStatus(w, w, false), "configurationStatus");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<ConfigurationStatus> values() {
        return VALUES;
    }

}
