package dev.fleetops.core.call;

import dev.fleetops.core.error.Redactor;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A role-based {@link Authorizer}: each {@link Role} is granted permissions, and an operator may perform an action
 * when any of its roles holds a permission that matches the action.
 *
 * <p>A permission is a pattern over action names:
 * <ul>
 *   <li>an action's name, for example {@code rollout.begin};</li>
 *   <li>a feature followed by {@code .*}, for example {@code rollout.*}: every action of that feature, reads and
 *       changes;</li>
 *   <li>{@code *.read}: every action that does not change anything ({@link Action#mutating()} false), whatever
 *       module defines it;</li>
 *   <li>{@code *}: everything.</li>
 * </ul>
 * Because patterns match names rather than a fixed list, the actions a module defines later (rollout, provisioning,
 * monitoring) are covered by {@code *} and {@code *.read} at once, and an application grants the rest by feature or
 * by name: {@code RolePermissions.standard().grant(Role.OPERATOR, "rollout.*").grant(Role.of("auditor"), "*.read")}.
 *
 * <p>Immutable and thread-safe; {@code grant} returns a new instance.
 */
public final class RolePermissions implements Authorizer {

    private static final Pattern PERMISSION = Pattern.compile("\\*|\\*\\.read|[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(\\.\\*)?");

    private static final RolePermissions NONE = new RolePermissions(Map.of());
    private static final RolePermissions STANDARD = NONE
            .grant(Role.READER, "*.read")
            .grant(Role.OPERATOR, "*.read", Action.TWIN_PATCH.id(), Action.JOB_SCHEDULE.id(), Action.JOB_CANCEL.id(),
                    Action.METHOD_INVOKE.id())
            .grant(Role.DEVELOPER, "*.read", Action.TWIN_PATCH.id(), Action.JOB_SCHEDULE.id(),
                    Action.JOB_CANCEL.id(), Action.METHOD_INVOKE.id(), "configuration.*")
            .grant(Role.ADMINISTRATOR, "*");

    private final Map<Role, Set<String>> permissions;

    private RolePermissions(Map<Role, Set<String>> permissions) {
        this.permissions = permissions;
    }

    /**
     * Returns the standard grants: {@link Role#READER} {@code *.read}; {@link Role#OPERATOR} also
     * {@code twin.patch}, {@code job.schedule}, {@code job.cancel} and {@code method.invoke}; {@link Role#DEVELOPER}
     * an operator's plus {@code configuration.*}; {@link Role#ADMINISTRATOR} {@code *}.
     *
     * @return the shared instance
     */
    public static RolePermissions standard() {
        return STANDARD;
    }

    /**
     * Returns the authorizer that grants nothing, to build a mapping from scratch.
     *
     * @return the shared instance
     */
    public static RolePermissions none() {
        return NONE;
    }

    /**
     * Returns an authorizer with these permissions added to a role (the role's other permissions stay).
     *
     * @param role the role
     * @param patterns permission patterns as described in the class comment
     * @return a new authorizer
     * @throws NullPointerException if the role or a pattern is null
     * @throws IllegalArgumentException if a pattern is not one of the forms above, or none is given
     */
    public RolePermissions grant(Role role, String... patterns) {
        Objects.requireNonNull(role, "role");
        if (patterns.length == 0) {
            throw new IllegalArgumentException("grant(" + role + ") needs at least one permission pattern");
        }
        Map<Role, Set<String>> copy = new TreeMap<>(permissions);
        Set<String> set = new TreeSet<>(copy.getOrDefault(role, Set.of()));
        for (int i = 0; i < patterns.length; i++) {
            String p = Objects.requireNonNull(patterns[i], "patterns[" + i + "]");
            if (!PERMISSION.matcher(p).matches()) {
                throw new IllegalArgumentException("permission pattern " + i + " of role " + role + " is '"
                        + Redactor.quote(p, 80) + "'; use an action name (rollout.begin), a feature and '.*' "
                        + "(rollout.*), '*.read' or '*'");
            }
            set.add(p);
        }
        copy.put(role, Collections.unmodifiableSet(set));
        return new RolePermissions(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns an authorizer that allows exactly these actions per role, by name.
     *
     * @param actionsByRole the actions each role allows
     * @return the authorizer
     * @throws NullPointerException if the map, a key, a set or an action is null
     */
    static RolePermissions ofActions(Map<Role, Set<Action>> actionsByRole) {
        RolePermissions out = NONE;
        for (Map.Entry<Role, Set<Action>> e : Objects.requireNonNull(actionsByRole, "actionsByRole").entrySet()) {
            Role role = Objects.requireNonNull(e.getKey(), "role");
            Set<Action> actions = Objects.requireNonNull(e.getValue(), "actions of " + role);
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (Action a : actions) {
                names.add(Objects.requireNonNull(a, "action of " + role).id());
            }
            out = names.isEmpty() ? out : out.grant(role, names.toArray(new String[0]));
        }
        return out;
    }

    /**
     * Returns the permission patterns granted to each role.
     *
     * @return an immutable map, roles in name order
     */
    public Map<Role, Set<String>> permissions() {
        return permissions;
    }

    /**
     * Tells whether a role's permissions allow an action.
     *
     * @param role the role
     * @param action the action
     * @return true when one of the role's patterns matches
     */
    public boolean allows(Role role, Action action) {
        for (String p : permissions.getOrDefault(role, Set.of())) {
            if (matches(p, action)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, Action action) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.equals("*.read")) {
            return !action.mutating();
        }
        if (pattern.endsWith(".*")) {
            return action.id().startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(action.id());
    }

    @Override
    public boolean permits(Operator operator, Action action, String target) {
        for (Role role : operator.roles()) {
            if (allows(role, action)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Role> rolesPermitting(Action action) {
        Set<Role> roles = new TreeSet<>();
        for (Role role : permissions.keySet()) {
            if (allows(role, action)) {
                roles.add(role);
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    /** Returns the grants, for logs. */
    @Override
    public String toString() {
        return "RolePermissions" + permissions;
    }
}
