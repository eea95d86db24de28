package dev.fleetops.provisioning.plan;

import dev.fleetops.provisioning.model.IndividualEnrollment;

import java.util.List;
import java.util.Objects;

/**
 * One enrollment's change in a plan. Immutable and thread-safe; its {@code toString} never shows a key.
 *
 * @param kind what the apply does
 * @param registrationId the registration id
 * @param line the manifest line of its row, or 0 for a deletion of an enrollment the manifest does not name
 * @param enrollment for a create, update or unchanged row the enrollment as it will be written (an update carries
 *     the ETag DPS held when the plan was made, so that a change made since is refused); for a delete the enrollment
 *     DPS holds
 * @param differences for an update the fields that differ ({@code deviceId}, {@code attestation}, {@code keys},
 *     {@code iotHubs}, {@code allocationPolicy}, {@code reprovisionPolicy}, {@code iotEdge}, {@code initialTags},
 *     {@code initialDesired}, {@code enabled}); empty otherwise
 */
public record PlannedChange(Kind kind, String registrationId, int line, IndividualEnrollment enrollment,
                            List<String> differences) {

    /** What an apply does with an enrollment. Thread-safe. */
    public enum Kind {
        /** It is not in DPS: created. */
        CREATE,
        /** It is in DPS with other values: replaced, if DPS still holds the version the plan read. */
        UPDATE,
        /** It is in DPS and not in the manifest, and the plan prunes: deleted. */
        DELETE,
        /** DPS holds it as the manifest says: no call. */
        UNCHANGED
    }

    /**
     * Validates the change and copies the differences.
     *
     * @param kind the kind
     * @param registrationId the registration id
     * @param line the line, at least 0
     * @param enrollment the enrollment
     * @param differences the differences
     * @throws IllegalArgumentException if the line is negative
     */
    public PlannedChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(enrollment, "enrollment");
        differences = List.copyOf(differences);
        if (line < 0) {
            throw new IllegalArgumentException("line is " + line);
        }
    }

    /**
     * Returns the change as one line of a dry run, for example {@code ~ update sn-002 (line 3): allocationPolicy}.
     *
     * @return the text, without keys
     */
    @Override
    public String toString() {
        String sign = switch (kind) {
            case CREATE -> "+ create ";
            case UPDATE -> "~ update ";
            case DELETE -> "- delete ";
            case UNCHANGED -> "= same   ";
        };
        return sign + registrationId + (line > 0 ? " (line " + line + ")" : "")
                + (differences.isEmpty() ? "" : ": " + String.join(", ", differences));
    }
}
