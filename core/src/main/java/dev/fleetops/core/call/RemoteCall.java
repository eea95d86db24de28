package dev.fleetops.core.call;

import dev.fleetops.core.model.OperationClass;

import java.util.Objects;

/**
 * The description of a remote call that a module runs through a client's call policy with
 * {@code FleetClient.calls().run(...)}: what it does and to what (for authorization and audit), which operation
 * class it is paced and counted in, how many permits each attempt takes, and whether it may be sent again after an
 * ambiguous failure.
 *
 * <pre>{@code
 * RemoteCall get = RemoteCall.of(ENROLLMENT_READ, "enrollment:" + id, DPS).safety(Safety.IDEMPOTENT);
 * Enrollment e = client.calls().run(get, attempt -> dps.get(id, attempt.timeout()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param action what the call does
 * @param target what it acts on, for example {@code enrollment:sensor-17}; redacted in audit records
 * @param operationClass the pacing and statistics class
 * @param safety whether it may be repeated after an ambiguous failure; 429s are retried whatever it says
 * @param permits pacing permits each attempt takes, at least 1 (a bulk call of n items may take n)
 * @param detail a short description for the audit record, possibly empty; redacted there
 */
public record RemoteCall(Action action, String target, OperationClass operationClass, Safety safety, long permits,
                         String detail) {

    /**
     * Validates the description.
     *
     * @param action what the call does
     * @param target what it acts on, for example {@code enrollment:sensor-17}; redacted in audit records
     * @param operationClass the pacing and statistics class
     * @param safety whether it may be repeated after an ambiguous failure; 429s are retried whatever it says
     * @param permits pacing permits each attempt takes, at least 1 (a bulk call of n items may take n)
     * @param detail a short description for the audit record, possibly empty; redacted there
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code permits} is below 1 or the target is blank
     */
    public RemoteCall {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(operationClass, "operationClass");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(detail, "detail");
        if (target.isBlank()) {
            throw new IllegalArgumentException("remote call " + action + " has a blank target");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("remote call " + action + " takes " + permits
                    + " permits; it takes at least 1");
        }
    }

    /**
     * Returns a call that is {@link Safety#UNSAFE} (never repeated after an ambiguous failure), takes one permit
     * and has no detail; adjust with the {@code withers}.
     *
     * @param action what it does
     * @param target what it acts on
     * @param operationClass the pacing class
     * @return the description
     */
    public static RemoteCall of(Action action, String target, OperationClass operationClass) {
        return new RemoteCall(action, target, operationClass, Safety.UNSAFE, 1, "");
    }

    /**
     * Returns this call with another safety.
     *
     * @param value the safety
     * @return a new description
     */
    public RemoteCall safety(Safety value) {
        return new RemoteCall(action, target, operationClass, value, permits, detail);
    }

    /**
     * Returns this call with another number of permits per attempt.
     *
     * @param value at least 1
     * @return a new description
     * @throws IllegalArgumentException if below 1
     */
    public RemoteCall permits(long value) {
        return new RemoteCall(action, target, operationClass, safety, value, detail);
    }

    /**
     * Returns this call with another audit detail.
     *
     * @param value the detail, possibly empty
     * @return a new description
     */
    public RemoteCall detail(String value) {
        return new RemoteCall(action, target, operationClass, safety, permits, value);
    }
}
