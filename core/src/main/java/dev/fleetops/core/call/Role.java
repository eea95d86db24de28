package dev.fleetops.core.call;

/**
 * What an {@link Operator} is trusted to do. {@link Authorizer#roleBased()} maps each role to the actions it allows;
 * an operator with several roles may do what any of them allows. Thread-safe.
 */
public enum Role {
    /** Reads devices, twins, configurations and jobs, and runs queries; changes nothing. */
    READER,
    /** A reader who also patches twins, schedules and cancels jobs, and invokes direct methods. */
    OPERATOR,
    /** Everything, including creating, updating and deleting device identities, alone or in bulk. */
    ADMINISTRATOR,
    /** An operator who also creates, updates and deletes automatic device management configurations. */
    DEVELOPER
}
