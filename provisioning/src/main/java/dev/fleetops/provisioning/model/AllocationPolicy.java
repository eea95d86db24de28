package dev.fleetops.provisioning.model;

import java.util.List;
import java.util.Objects;

/**
 * How DPS picks the IoT hub a device of an enrollment is assigned to: {@link #HASHED} (evenly weighted, DPS's
 * default), {@link #GEO_LATENCY} (the lowest latency, a hash breaking ties), {@link #STATIC} (the hub the enrollment
 * names) or {@link #CUSTOM} (a webhook decides). An open value: a policy DPS adds later is read as an unknown value
 * that keeps its name, so a read never fails on it. Immutable and thread-safe; the constants compare with
 * {@code ==}.
 */
public final class AllocationPolicy {

    /** Evenly weighted hashing over the enrollment's hubs. */
    public static final AllocationPolicy HASHED = new AllocationPolicy("hashed", false);
    /** The hub with the lowest latency to the device. */
    public static final AllocationPolicy GEO_LATENCY = new AllocationPolicy("geoLatency", false);
    /** The single hub the enrollment names. */
    public static final AllocationPolicy STATIC = new AllocationPolicy("static", false);
    /** A webhook (an Azure Function) picks the hub. */
    public static final AllocationPolicy CUSTOM = new AllocationPolicy("custom", false);

    private static final List<AllocationPolicy> KNOWN = List.of(HASHED, GEO_LATENCY, STATIC, CUSTOM);

    private final String wireName;
    private final boolean unknown;

    private AllocationPolicy(String wireName, boolean unknown) {
        this.wireName = wireName;
        this.unknown = unknown;
    }

    /**
     * Returns the policy of a name as DPS writes it ({@code hashed}, {@code geoLatency}, {@code static},
     * {@code custom}); case is ignored. Any other non-empty name gives an unknown value that keeps it.
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException if the name is empty
     */
    public static AllocationPolicy of(String name) {
        Objects.requireNonNull(name, "allocation policy");
        for (AllocationPolicy p : KNOWN) {
            if (p.wireName.equalsIgnoreCase(name)) {
                return p;
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("allocation policy is empty; use hashed, geoLatency, static or custom");
        }
        return new AllocationPolicy(name, true);
    }

    /**
     * Returns the policies this version knows.
     *
     * @return hashed, geoLatency, static and custom
     */
    public static List<AllocationPolicy> values() {
        return KNOWN;
    }

    /**
     * Returns the name DPS uses.
     *
     * @return for example {@code geoLatency}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Tells whether this version of FleetOps does not know the policy.
     *
     * @return true for a name read from DPS that is not one of the constants
     */
    public boolean isUnknown() {
        return unknown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllocationPolicy && ((AllocationPolicy) o).wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
