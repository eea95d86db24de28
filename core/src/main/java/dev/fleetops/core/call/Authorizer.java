package dev.fleetops.core.call;


import dev.fleetops.core.error.AccessDeniedException;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether an {@link Operator} may perform an {@link Action} on a target. A {@link dev.fleetops.core.FleetClient} asks before
 * it sends anything to the hub, for reads and changes alike; when the answer is no, the client records the denial
 * with its {@link AuditSink} and throws {@link AccessDeniedException}.
 *
 * <p>Implementations must be thread-safe and fast (they run on every call) and should not throw; an exception from
 * an authorizer propagates to the caller and nothing is sent.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Tells whether {@code operator} may perform {@code action} on {@code target}.
     *
     * @param operator who acts
     * @param action what they want to do
     * @param target what they act on, for example {@code device:sensor-17}, {@code configuration:fw-2} or
     *     {@code devices[250]} for a bulk call
     * @return true to allow the call
     */
    boolean permits(Operator operator, Action action, String target);

    /**
     * Returns the roles that would allow {@code action}, for the message of an {@link AccessDeniedException}.
     * The default returns an empty set, meaning "not known".
     *
     * @param action the action that was refused
     * @return the roles that allow it, possibly empty
     */
    default Set<Role> rolesPermitting(Action action) {
        return Set.of();
    }

    /**
     * Returns the authorizer that allows everything; the default of {@link dev.fleetops.core.FleetClient.Builder}.
     *
     * @return the authorizer
     */
    static Authorizer allowAll() {
        return (operator, action, target) -> true;
    }

    /**
     * Returns the standard role-based authorizer: {@link Role#READER} reads and queries; {@link Role#OPERATOR} also
     * patches twins, schedules and cancels jobs and invokes direct methods; {@link Role#DEVELOPER} also creates,
     * updates and deletes configurations; {@link Role#ADMINISTRATOR} may do everything, including creating,
     * updating and deleting device identities alone or in bulk, and every action a module defines. An operator with
     * no role may do nothing. Grant more with {@link RolePermissions#grant(Role, String...)}, for example
     * {@code Authorizer.roleBased().grant(Role.OPERATOR, "rollout.*")}.
     *
     * @return the authorizer
     */
    static RolePermissions roleBased() {
        return RolePermissions.standard();
    }

    /**
     * Returns a role-based authorizer with a custom mapping: an operator may perform an action when any of its
     * roles maps to it. Roles missing from the map allow nothing.
     *
     * @param actionsByRole the actions each role allows
     * @return the authorizer
     * @throws NullPointerException if the map, a key, a set or an action is null
     */
    static RolePermissions roleBased(Map<Role, Set<Action>> actionsByRole) {
        return RolePermissions.ofActions(actionsByRole);
    }
}
