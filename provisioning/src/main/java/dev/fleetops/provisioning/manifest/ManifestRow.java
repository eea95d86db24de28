package dev.fleetops.provisioning.manifest;

import dev.fleetops.provisioning.model.IndividualEnrollment;

import java.util.Objects;

/**
 * A good row of a manifest: the enrollment it declares and the line it starts on. Immutable and thread-safe.
 *
 * @param line the 1-based line where the row starts
 * @param enrollment the enrollment the row declares
 */
public record ManifestRow(int line, IndividualEnrollment enrollment) {

    /**
     * Validates the row.
     *
     * @param line at least 1
     * @param enrollment the enrollment
     * @throws IllegalArgumentException if the line is below 1
     */
    public ManifestRow {
        Objects.requireNonNull(enrollment, "enrollment");
        if (line < 1) {
            throw new IllegalArgumentException("manifest line is " + line);
        }
    }
}
