package dev.fleetops.core.model;

import java.util.Objects;

/**
 * An IoT Hub pricing tier and unit count, and the throttles that come with them (Microsoft's "IoT Hub quotas and
 * throttling" table).
 *
 * <p>Per hub: registry operations 100/min/unit (S1, S2) or 5,000/min/unit (S3); queries 20/min/unit (S1, S2) or
 * 1,000/min/unit (S3); twin reads 100/s (S1), max(100/s, 10/s/unit) (S2), 500/s/unit (S3); twin updates 50/s (S1),
 * max(50/s, 5/s/unit) (S2), 250/s/unit (S3); job operations 100/min/unit (S1, S2) or 5,000/min/unit (S3);
 * configuration changes 20/min/unit; direct methods 160 KB/s/unit (S1), 480 KB/s/unit (S2), 24 MB/s/unit (S3) metered
 * in 4 KB units. Immutable and thread-safe.
 *
 * @param sku the tier
 * @param units the number of units, at least 1
 */
public record HubTier(Sku sku, int units) {

    /** The standard tiers. */
    public enum Sku {
        /** Standard tier 1. */
        S1,
        /** Standard tier 2. */
        S2,
        /** Standard tier 3. */
        S3
    }

    /**
     * Validates the tier.
     *
     * @param sku the tier
     * @param units the number of units, at least 1
     * @throws IllegalArgumentException if units is below 1, or above 200 (S1, S2) or 10 (S3)
     */
    public HubTier {
        Objects.requireNonNull(sku, "sku");
        int max = sku == Sku.S3 ? 10 : 200;
        if (units < 1 || units > max) {
            throw new IllegalArgumentException("a " + sku + " hub has 1 to " + max + " units, not " + units);
        }
    }

    /**
     * Returns an S1 hub with {@code units} units.
     *
     * @param units 1 to 200
     * @return the tier
     */
    public static HubTier s1(int units) {
        return new HubTier(Sku.S1, units);
    }

    /**
     * Returns an S2 hub with {@code units} units.
     *
     * @param units 1 to 200
     * @return the tier
     */
    public static HubTier s2(int units) {
        return new HubTier(Sku.S2, units);
    }

    /**
     * Returns an S3 hub with {@code units} units.
     *
     * @param units 1 to 10
     * @return the tier
     */
    public static HubTier s3(int units) {
        return new HubTier(Sku.S3, units);
    }

    /**
     * Returns the hub's throttle for an operation class.
     *
     * @param operation the operation class
     * @return the quota for the whole hub
     * @throws IllegalArgumentException if the class is not one of IoT Hub's ({@link OperationClass#isHubClass()})
     */
    public Quota quota(OperationClass operation) {
        if (operation.equals(OperationClass.REGISTRY) || operation.equals(OperationClass.JOBS)) {
            return Quota.perMinute((sku == Sku.S3 ? 5000L : 100L) * units);
        } else if (operation.equals(OperationClass.QUERY)) {
            return Quota.perMinute((sku == Sku.S3 ? 1000L : 20L) * units);
        } else if (operation.equals(OperationClass.CONFIGURATIONS)) {
            return Quota.perMinute(20L * units);
        } else if (operation.equals(OperationClass.TWIN_READ)) {
            return Quota.perSecond(sku == Sku.S1 ? 100 : sku == Sku.S2 ? Math.max(100, 10L * units) : 500L * units);
        } else if (operation.equals(OperationClass.TWIN_UPDATE)) {
            return Quota.perSecond(sku == Sku.S1 ? 50 : sku == Sku.S2 ? Math.max(50, 5L * units) : 250L * units);
        } else if (operation.equals(OperationClass.DIRECT_METHOD)) {
            return Quota.perSecond((sku == Sku.S1 ? 40L : sku == Sku.S2 ? 120L : 6000L) * units);
        }
        throw new IllegalArgumentException("operation class " + operation + " is not one of IoT Hub's; its quota "
                + "is its own (OperationClass.quota()), not the hub tier's");
    }

    /**
     * Returns the rate at which a hub job updates devices: 10/s (S1), max(10/s, 1/s/unit) (S2), 50/s/unit (S3).
     *
     * @return devices per second
     */
    public Quota jobDeviceRate() {
        return Quota.perSecond(sku == Sku.S1 ? 10 : sku == Sku.S2 ? Math.max(10, units) : 50L * units);
    }

    /**
     * Returns how many jobs may run at once: 1 (S1), 5 (S2), 10 (S3).
     *
     * @return concurrent jobs
     */
    public int concurrentJobs() {
        return sku == Sku.S1 ? 1 : sku == Sku.S2 ? 5 : 10;
    }
}
