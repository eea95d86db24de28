package dev.fleetops.provisioning.model;

/**
 * What DPS does when a device registers again: whether it may move to another hub ({@code updateHubAssignment}) and
 * whether its twin and identity data move with it ({@code migrateDeviceData}); otherwise the new hub gets the
 * enrollment's initial twin. DPS's three portal choices are the constants. Immutable and thread-safe.
 *
 * @param updateHubAssignment whether a registration may assign the device to another hub
 * @param migrateDeviceData whether the device's data moves to the new hub (else it starts from the initial twin)
 */
public record ReprovisionPolicy(boolean updateHubAssignment, boolean migrateDeviceData) {

    /** Reprovision and migrate the device's data: DPS's default. */
    public static final ReprovisionPolicy MIGRATE = new ReprovisionPolicy(true, true);
    /** Reprovision and reset the device to the enrollment's initial configuration (also a factory reset). */
    public static final ReprovisionPolicy RESET = new ReprovisionPolicy(true, false);
    /** Never move the device to another hub. */
    public static final ReprovisionPolicy NEVER = new ReprovisionPolicy(false, false);

    /**
     * Reads a policy by the name manifests use: {@code migrate}, {@code reset} or {@code never} (case ignored).
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException if the name is none of them (the message lists the names)
     */
    public static ReprovisionPolicy of(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "migrate":
                return MIGRATE;
            case "reset":
                return RESET;
            case "never":
                return NEVER;
            default:
                throw new IllegalArgumentException("reprovision policy '" + name + "' is none of migrate, reset, "
                        + "never");
        }
    }

    /**
     * Returns the name manifests use for this policy.
     *
     * @return {@code migrate}, {@code reset} or {@code never} ({@code never} also for a policy that keeps the hub
     *     and would migrate, which behaves the same)
     */
    public String manifestName() {
        return !updateHubAssignment ? "never" : migrateDeviceData ? "migrate" : "reset";
    }
}
