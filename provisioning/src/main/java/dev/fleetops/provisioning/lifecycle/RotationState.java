package dev.fleetops.provisioning.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a key rotation stands. Holds fingerprints of the keys it writes (the first 16 hex digits of the SHA-256 of
 * the key's bytes), never a key, so a store of rotation states holds no secret. Immutable and thread-safe.
 *
 * @param target {@code enrollment:<registrationId>} or {@code enrollmentGroup:<groupId>}
 * @param rotationId the caller's id of this rotation, which makes {@link KeyRotation#begin} idempotent
 * @param stage the stage reached
 * @param pending the fingerprint of the key the current step writes (empty before it is chosen and after the step)
 * @param newSecondary the fingerprint of the rolled secondary key, once rolled; empty before
 * @param updated when the stage was reached, on the client's clock
 */
public record RotationState(String target, String rotationId, Stage stage, String pending, String newSecondary, Instant updated) {

    /** The stages of a rotation, in order. Thread-safe. */
    public enum Stage {
        /** Begun: the secondary key is to be rolled; devices use the primary. */
        STARTED,
        /** The secondary key is new; devices are to move to it (then {@link KeyRotation#confirmMoved}). */
        SECONDARY_ROLLED,
        /** Devices use the new secondary; the primary is to be rolled. */
        DEVICES_MOVED,
        /** Both keys are new; devices use the secondary. */
        DONE
    }

    /**
     * Validates the state.
     *
     * @param target the target
     * @param rotationId the rotation's id
     * @param stage the stage
     * @param pending the pending fingerprint, possibly empty
     * @param newSecondary the new secondary's fingerprint, possibly empty
     * @param updated when
     */
    public RotationState {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rotationId, "rotationId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(newSecondary, "newSecondary");
        Objects.requireNonNull(updated, "updated");
    }

    RotationState next(Stage s, String pendingKey, String secondary, Instant at) {
        return new RotationState(target, rotationId, s, pendingKey, secondary, at);
    }
}
