package dev.fleetops.core.call;

import dev.fleetops.core.internal.text.Escape;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The person or service on whose behalf a {@link dev.fleetops.core.FleetClient} call is made: a name for the audit trail and the roles
 * that an {@link Authorizer} checks. An operator holds no credential, so it may be logged and stored freely.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name who acts, for example {@code "alice@example.com"} or {@code "rollout-service"}; not blank
 * @param roles the roles held, possibly none
 */
public record Operator(String name, Set<Role> roles) {

    private static final Operator SYSTEM = new Operator("system", Set.of());

    /**
     * Validates the operator and copies the roles.
     *
     * @param name who acts, for example {@code "alice@example.com"} or {@code "rollout-service"}; not blank
     * @param roles the roles held, possibly none
     * @throws NullPointerException if the name, the set or a role is null
     * @throws IllegalArgumentException if the name is blank or has a line break, control, bidirectional or
     *     zero-width character
     */
    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roles, "roles");
        if (name.isBlank()) {
            throw new IllegalArgumentException("operator name is blank");
        }
        for (int i = 0; i < name.length(); i++) {
            // One audit record is one log line; a line break in a name could forge a second record, and a
            // bidirectional or zero-width mark could make the record read differently from what it says.
            char c = name.charAt(i);
            if (Escape.isHidden(c)) {
                throw new IllegalArgumentException(String.format("operator name has the hidden character U+%04X at"
                        + " position %d (%s); names are shown in audit records and logs", (int) c, i + 1,
                        c == '\n' || c == '\r' ? "a line break" : "a control, bidirectional or zero-width mark"));
            }
        }
        TreeSet<Role> copy = new TreeSet<>();
        for (Role role : roles) {
            copy.add(Objects.requireNonNull(role, "role"));
        }
        roles = Collections.unmodifiableSet(copy);
    }

    /**
     * Returns an operator with the given roles.
     *
     * @param name who acts; not blank
     * @param roles the roles held
     * @return the operator
     * @throws IllegalArgumentException if the name is blank
     */
    public static Operator of(String name, Role... roles) {
        return new Operator(name, Set.of(roles));
    }

    /**
     * Returns the operator a {@link dev.fleetops.core.FleetClient} acts as when none is set: named {@code "system"}, with no roles.
     * Under {@link Authorizer#allowAll()} it may do everything; under {@link Authorizer#roleBased()} it may do
     * nothing, so that a client configured for roles never acts anonymously by accident.
     *
     * @return the system operator
     */
    public static Operator system() {
        return SYSTEM;
    }

    /**
     * Tells whether this operator holds a role.
     *
     * @param role the role
     * @return true when it is among {@link #roles()}
     */
    public boolean has(Role role) {
        return roles.contains(role);
    }
}
