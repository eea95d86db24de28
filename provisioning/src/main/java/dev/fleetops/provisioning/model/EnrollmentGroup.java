package dev.fleetops.provisioning.model;

import dev.fleetops.core.model.ETag;

import java.util.Objects;

/**
 * An enrollment group in DPS: many devices sharing an attestation, a group symmetric key (each device proving
 * itself with a key derived from it) or an X.509 signing certificate or CA reference. A device of a group gets its
 * registration id as device id. Immutable and thread-safe; its {@code toString} never shows a key.
 *
 * @param groupId the group's name: 1 to 128 characters of a-z, A-Z, 0-9, '-', '.', '_' and ':'
 * @param attestation symmetric keys, an X.509 signing certificate or CA references (not TPM)
 * @param settings hubs, allocation, reprovisioning, IoT Edge, initial twin, enabled
 * @param etag the version DPS holds, {@link ETag#ANY} for one not read from DPS
 */
public record EnrollmentGroup(String groupId, Attestation attestation, EnrollmentSettings settings, ETag etag) {

    /**
     * Validates the group.
     *
     * @param groupId the name
     * @param attestation the attestation
     * @param settings the settings
     * @param etag the ETag
     * @throws IllegalArgumentException if the name breaks the rules or the attestation is a TPM (the message names
     *     the field)
     */
    public EnrollmentGroup {
        Objects.requireNonNull(groupId, "groupId");
        try {
            dev.fleetops.provisioning.keys.DerivedKeys.checkRegistrationId(groupId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("enrollment group id: " + e.getMessage().replace("registration id",
                    "group id"));
        }
        Objects.requireNonNull(attestation, "attestation");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(etag, "etag");
        if (attestation instanceof Attestation.Tpm) {
            throw new IllegalArgumentException("enrollment group '" + groupId + "': TPM attestation is for individual"
                    + " enrollments only");
        }
    }

    /**
     * Returns a group with the default settings, not read from DPS.
     *
     * @param groupId the name
     * @param attestation the attestation
     * @return the group
     */
    public static EnrollmentGroup of(String groupId, Attestation attestation) {
        return new EnrollmentGroup(groupId, attestation, EnrollmentSettings.defaults(), ETag.ANY);
    }

    /**
     * Returns a copy with other settings.
     *
     * @param s the settings
     * @return the group
     */
    public EnrollmentGroup withSettings(EnrollmentSettings s) {
        return new EnrollmentGroup(groupId, attestation, s, etag);
    }
}
