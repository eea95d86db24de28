package dev.fleetops.core.call;

import dev.fleetops.core.error.Redactor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A role an {@link Operator} holds, which a role-based {@link Authorizer} maps to the actions it allows.
 *
 * <p>The set is open: core defines the four roles below, and an application names its own (for example the groups
 * of its identity provider, {@code Role.of("release-manager")}) and maps them to permissions with
 * {@link RolePermissions#grant(Role, String...)}. Two roles are equal when their names are. Immutable and
 * thread-safe.
 *
 * @param name lower-case letters, digits, {@code -}, {@code _} and {@code .}, starting with a letter, at most 64
 *     characters
 */
public record Role(String name) implements Comparable<Role> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    /** Reads devices, twins, configurations and jobs, and runs queries; changes nothing. */
    public static final Role READER = new Role("reader");
    /** A reader who also patches twins, schedules and cancels jobs, and invokes direct methods. */
    public static final Role OPERATOR = new Role("operator");
    /** Everything, including creating, updating and deleting device identities, alone or in bulk. */
    public static final Role ADMINISTRATOR = new Role("administrator");
    /** An operator who also creates, updates and deletes automatic device management configurations. */
    public static final Role DEVELOPER = new Role("developer");

    /**
     * Checks the name.
     *
     * @param name lower-case letters, digits, {@code -}, {@code _} and {@code .}, starting with a letter, at most 64 characters
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name breaks the rule above
     */
    public Role {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("role name '" + Redactor.quote(name, 80) + "' must be 1 to 64 "
                    + "lower-case letters, digits, '-', '_' or '.', starting with a letter");
        }
    }

    /**
     * Returns the role with this name.
     *
     * @param name the name, for example {@code "release-manager"}
     * @return the role
     * @throws IllegalArgumentException if the name breaks the rule above
     */
    public static Role of(String name) {
        return new Role(name);
    }

    /** Orders roles by name, so that sets of roles print in a stable order. */
    @Override
    public int compareTo(Role other) {
        return name.compareTo(other.name);
    }

    /** Returns the name. */
    @Override
    public String toString() {
        return name;
    }
}
