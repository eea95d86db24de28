package dev.fleetops.provisioning.model;

import dev.fleetops.core.model.ETag;

import java.time.Instant;
import java.util.Objects;

/**
 * What DPS holds of a device's last registration: the hub it was assigned to, with which device id, and how it
 * went. A registration state counts against the DPS instance's quota until it is deleted. Immutable and
 * thread-safe.
 *
 * @param registrationId the registration id
 * @param deviceId the device id it got in its hub, empty when not assigned
 * @param assignedHub the hub's host name, empty when not assigned
 * @param status {@code unassigned}, {@code assigning}, {@code assigned}, {@code failed} or {@code disabled}, as
 *     DPS writes it (a status DPS adds later is kept as written)
 * @param substatus how an assignment happened ({@code initialAssignment}, {@code deviceDataMigrated},
 *     {@code deviceDataReset}, {@code reprovisionedToInitialAssignment}), empty when none
 * @param created when DPS first saw the device register
 * @param lastUpdated when the state last changed
 * @param etag the state's version
 */
public record RegistrationState(String registrationId, String deviceId, String assignedHub, String status,
                                String substatus, Instant created, Instant lastUpdated, ETag etag) {

    /** The status of a device assigned to a hub. */
    public static final String ASSIGNED = "assigned";
    /** The status of a device whose registration failed. */
    public static final String FAILED = "failed";
    /** The status of a device whose enrollment is disabled. */
    public static final String DISABLED = "disabled";

    /**
     * Validates the state.
     *
     * @param registrationId the registration id
     * @param deviceId the device id, possibly empty
     * @param assignedHub the hub, possibly empty
     * @param status the status
     * @param substatus the substatus, possibly empty
     * @param created when first seen
     * @param lastUpdated when last changed
     * @param etag the version
     * @throws NullPointerException if an argument is null
     */
    public RegistrationState {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(assignedHub, "assignedHub");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(substatus, "substatus");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(etag, "etag");
    }

    /**
     * Tells whether the device is assigned to a hub.
     *
     * @return true for status {@code assigned}
     */
    public boolean isAssigned() {
        return ASSIGNED.equals(status);
    }
}
