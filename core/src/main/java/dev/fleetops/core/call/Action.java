package dev.fleetops.core.call;

import dev.fleetops.core.error.Redactor;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a call does, as authorized by an {@link Authorizer}, recorded by an {@link AuditSink} and reported to a
 * {@link CallListener}. An action has a stable dotted name, for example {@code twin.patch}, used in audit records,
 * logs and permission patterns, and says whether it changes anything (changes are audited; reads are not).
 *
 * <p>The set is open: core defines the constants below for the hub's operations, and a module defines its own the
 * same way, for example {@code Action.change("rollout.begin")} or {@code Action.read("enrollment.read")}. Two
 * actions are equal when their names and mutating flags are. Immutable and thread-safe.
 *
 * @param id the dotted name: two or more segments of lower-case letters, digits and {@code -}, each starting with a
 *     letter, at most 64 characters, for example {@code rollout.begin} or {@code enrollment.bulk-apply}
 * @param mutating true when the action changes the hub, a device or other state (and so is audited)
 */
public record Action(String id, boolean mutating) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    /** Reading a device identity or registry statistics. */
    public static final Action DEVICE_READ = read("device.read");
    /** Registering a device. */
    public static final Action DEVICE_CREATE = change("device.create");
    /** Changing a device identity's status or authentication. */
    public static final Action DEVICE_UPDATE = change("device.update");
    /** Deleting a device identity and its twin. */
    public static final Action DEVICE_DELETE = change("device.delete");
    /** Creating, updating or deleting many devices in bulk registry calls. */
    public static final Action DEVICE_BULK = change("device.bulk");
    /** Reading a twin by device id. */
    public static final Action TWIN_READ = read("twin.read");
    /** Patching a twin's tags and desired properties. */
    public static final Action TWIN_PATCH = change("twin.patch");
    /** Running a query over twins or jobs. */
    public static final Action QUERY_RUN = read("query.run");
    /** Reading or listing configurations. */
    public static final Action CONFIGURATION_READ = read("configuration.read");
    /** Creating a configuration. */
    public static final Action CONFIGURATION_CREATE = change("configuration.create");
    /** Changing a configuration's target, priority, labels or metrics. */
    public static final Action CONFIGURATION_UPDATE = change("configuration.update");
    /** Deleting a configuration. */
    public static final Action CONFIGURATION_DELETE = change("configuration.delete");
    /** Reading or listing jobs and their per-device results. */
    public static final Action JOB_READ = read("job.read");
    /** Scheduling a twin-update or direct-method job. */
    public static final Action JOB_SCHEDULE = change("job.schedule");
    /** Cancelling a job. */
    public static final Action JOB_CANCEL = change("job.cancel");
    /** Invoking a direct method on a device. */
    public static final Action METHOD_INVOKE = change("method.invoke");

    private static final List<Action> HUB = List.of(DEVICE_READ, DEVICE_CREATE, DEVICE_UPDATE, DEVICE_DELETE,
            DEVICE_BULK, TWIN_READ, TWIN_PATCH, QUERY_RUN, CONFIGURATION_READ, CONFIGURATION_CREATE,
            CONFIGURATION_UPDATE, CONFIGURATION_DELETE, JOB_READ, JOB_SCHEDULE, JOB_CANCEL, METHOD_INVOKE);

    /**
     * Checks the name.
     *
     * @param id the dotted name: two or more segments of lower-case letters, digits and {@code -}, each starting with a letter, at most 64 characters, for example {@code rollout.begin} or {@code enrollment.bulk-apply}
     * @param mutating true when the action changes the hub, a device or other state (and so is audited)
     * @throws NullPointerException if {@code id} is null
     * @throws IllegalArgumentException if {@code id} is not a dotted name as described above
     */
    public Action {
        Objects.requireNonNull(id, "id");
        if (id.length() > 64 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("action name '" + Redactor.quote(id, 80) + "' must be at most 64 "
                    + "characters: two or more dot-separated segments of lower-case letters, digits and '-', each "
                    + "starting with a letter (for example 'rollout.begin')");
        }
    }

    /**
     * Returns an action that only reads; it is authorized but not audited.
     *
     * @param id the dotted name
     * @return the action
     * @throws IllegalArgumentException if the name is not valid
     */
    public static Action read(String id) {
        return new Action(id, false);
    }

    /**
     * Returns an action that changes something; it is authorized and audited.
     *
     * @param id the dotted name
     * @return the action
     * @throws IllegalArgumentException if the name is not valid
     */
    public static Action change(String id) {
        return new Action(id, true);
    }

    /**
     * Returns core's actions on the hub, the constants of this class, in declaration order.
     *
     * @return an immutable list
     */
    public static List<Action> hubActions() {
        return HUB;
    }

    /**
     * Returns the first segment of the name, the feature the action belongs to, for example {@code twin} for
     * {@code twin.patch} or {@code rollout} for {@code rollout.begin}.
     *
     * @return the feature
     */
    public String feature() {
        return id.substring(0, id.indexOf('.'));
    }

    /** Returns {@link #id()}. */
    @Override
    public String toString() {
        return id;
    }
}
