package dev.fleetops.provisioning.model;

import java.util.List;
import java.util.Objects;

/**
 * What DPS answered to one bulk call of at most ten enrollments: each enrollment it refused, with DPS's error code
 * and status; the others were applied. Immutable and thread-safe.
 *
 * @param errors the refused enrollments, in request order; empty when every one was applied
 */
public record BulkEnrollmentResult(List<Error> errors) {

    /**
     * Copies the errors.
     *
     * @param errors the errors
     */
    public BulkEnrollmentResult {
        errors = List.copyOf(errors);
    }

    /**
     * Tells whether every enrollment was applied.
     *
     * @return true when there is no error
     */
    public boolean isSuccessful() {
        return errors.isEmpty();
    }

    /**
     * One refused enrollment.
     *
     * @param registrationId its registration id
     * @param errorCode DPS's numeric error code, for example {@code 409201}
     * @param errorStatus DPS's error status, for example {@code Conflict}
     */
    public record Error(String registrationId, int errorCode, String errorStatus) {

        /**
         * Validates the error.
         *
         * @param registrationId the registration id
         * @param errorCode the code
         * @param errorStatus the status
         */
        public Error {
            Objects.requireNonNull(registrationId, "registrationId");
            Objects.requireNonNull(errorStatus, "errorStatus");
        }
    }
}
