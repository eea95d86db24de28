package dev.fleetops.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A class of remote operations that share one quota: a client paces each class on its own and counts calls,
 * attempts, retries and waits per class.
 *
 * <p>The set is open. The constants below are IoT Hub's throttled classes, whose quotas come from the hub's tier
 * ({@link HubTier#quota(OperationClass)}). A module defines its own class with a quota of its own, for example the
 * Device Provisioning Service's {@code OperationClass.of("DPS", Quota.perMinute(1000))}; a client paces such a class
 * whether or not it knows the hub's tier. Two classes are equal when their names are, so give each class one name
 * and one quota.
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationClass {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    /** Identity registry operations: get, create, update, delete; a bulk call counts once per device. */
    public static final OperationClass REGISTRY = new OperationClass("REGISTRY", null);
    /** Twin reads by id. */
    public static final OperationClass TWIN_READ = new OperationClass("TWIN_READ", null);
    /** Twin updates (tags and desired properties). */
    public static final OperationClass TWIN_UPDATE = new OperationClass("TWIN_UPDATE", null);
    /** Queries; each page is one query. */
    public static final OperationClass QUERY = new OperationClass("QUERY", null);
    /** Job operations: create, get, list, cancel. */
    public static final OperationClass JOBS = new OperationClass("JOBS", null);
    /** Configuration create, read, update, delete. */
    public static final OperationClass CONFIGURATIONS = new OperationClass("CONFIGURATIONS", null);
    /** Direct method invocations. */
    public static final OperationClass DIRECT_METHOD = new OperationClass("DIRECT_METHOD", null);

    private static final List<OperationClass> HUB = List.of(REGISTRY, TWIN_READ, TWIN_UPDATE, QUERY, JOBS,
            CONFIGURATIONS, DIRECT_METHOD);

    private final String name;
    private final Quota quota;

    private OperationClass(String name, Quota quota) {
        this.name = name;
        this.quota = quota;
    }

    /**
     * Returns a class without a quota of its own: a client paces it only when its builder gives it a quota.
     *
     * @param name a letter, then letters, digits, {@code .}, {@code _} or {@code -}; at most 64 characters
     * @return the class
     * @throws IllegalArgumentException if the name breaks that rule or is one of the hub's classes' names
     */
    public static OperationClass of(String name) {
        return define(name, null);
    }

    /**
     * Returns a class with its own quota, for a service other than IoT Hub.
     *
     * @param name a letter, then letters, digits, {@code .}, {@code _} or {@code -}; at most 64 characters
     * @param quota the service's quota for this class, for the whole service
     * @return the class
     * @throws IllegalArgumentException if the name breaks that rule or is one of the hub's classes' names
     */
    public static OperationClass of(String name, Quota quota) {
        return define(name, Objects.requireNonNull(quota, "quota"));
    }

    private static OperationClass define(String name, Quota quota) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operation class name must be a letter, then up to 63 letters, "
                    + "digits, '.', '_' or '-'; it has " + name.length() + " characters");
        }
        for (OperationClass hub : HUB) {
            if (hub.name.equals(name)) {
                throw new IllegalArgumentException("operation class " + name + " is one of IoT Hub's classes; use "
                        + "the constant OperationClass." + name);
            }
        }
        return new OperationClass(name, quota);
    }

    /**
     * Returns IoT Hub's classes, the constants of this class, in declaration order.
     *
     * @return an immutable list
     */
    public static List<OperationClass> hubClasses() {
        return HUB;
    }

    /**
     * Returns the name.
     *
     * @return the name, for example {@code TWIN_UPDATE} or {@code DPS}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the class's own quota, which a client paces it to.
     *
     * @return the quota, or empty for IoT Hub's classes (their quota comes from the tier) and classes defined
     *     without one
     */
    public Optional<Quota> quota() {
        return Optional.ofNullable(quota);
    }

    /**
     * Tells whether this is one of IoT Hub's classes.
     *
     * @return true for the constants of this class
     */
    public boolean isHubClass() {
        return HUB.contains(this);
    }

    /** Equal when the names are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OperationClass && ((OperationClass) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Returns the name. */
    @Override
    public String toString() {
        return name;
    }
}
