package dev.fleetops.core.call;


import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link Authorizer} that allows an action when one of the operator's roles maps to it. Immutable and
 * thread-safe.
 */
final class RoleBasedAuthorizer implements Authorizer {

    private static final RoleBasedAuthorizer STANDARD = new RoleBasedAuthorizer(standardMapping());

    private final Map<Role, Set<Action>> actionsByRole;

    /**
     * Creates the authorizer with a copy of the mapping.
     *
     * @param actionsByRole the actions each role allows
     */
    public RoleBasedAuthorizer(Map<Role, Set<Action>> actionsByRole) {
        Objects.requireNonNull(actionsByRole, "actionsByRole");
        EnumMap<Role, Set<Action>> copy = new EnumMap<>(Role.class);
        actionsByRole.forEach((role, actions) -> {
            Objects.requireNonNull(role, "role");
            EnumSet<Action> set = EnumSet.noneOf(Action.class);
            for (Action action : Objects.requireNonNull(actions, "actions of " + role)) {
                set.add(Objects.requireNonNull(action, "action of " + role));
            }
            copy.put(role, Collections.unmodifiableSet(set));
        });
        this.actionsByRole = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the standard mapping described at {@link Authorizer#roleBased()}.
     *
     * @return the shared instance
     */
    public static RoleBasedAuthorizer standard() {
        return STANDARD;
    }

    private static Map<Role, Set<Action>> standardMapping() {
        EnumSet<Action> reader = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (!action.mutating()) {
                reader.add(action);
            }
        }
        EnumSet<Action> operator = EnumSet.copyOf(reader);
        operator.addAll(EnumSet.of(Action.TWIN_PATCH, Action.JOB_SCHEDULE, Action.JOB_CANCEL, Action.METHOD_INVOKE));
        EnumSet<Action> developer = EnumSet.copyOf(operator);
        developer.addAll(EnumSet.of(Action.CONFIGURATION_CREATE, Action.CONFIGURATION_UPDATE,
                Action.CONFIGURATION_DELETE));
        Map<Role, Set<Action>> map = new EnumMap<>(Role.class);
        map.put(Role.READER, reader);
        map.put(Role.OPERATOR, operator);
        map.put(Role.DEVELOPER, developer);
        map.put(Role.ADMINISTRATOR, EnumSet.allOf(Action.class));
        return map;
    }

    @Override
    public boolean permits(Operator operator, Action action, String target) {
        for (Role role : operator.roles()) {
            if (actionsByRole.getOrDefault(role, Set.of()).contains(action)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Role> rolesPermitting(Action action) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        actionsByRole.forEach((role, actions) -> {
            if (actions.contains(action)) {
                roles.add(role);
            }
        });
        return Collections.unmodifiableSet(roles);
    }

    /** Returns the mapping, for logs. */
    @Override
    public String toString() {
        return "RoleBasedAuthorizer" + actionsByRole;
    }
}
