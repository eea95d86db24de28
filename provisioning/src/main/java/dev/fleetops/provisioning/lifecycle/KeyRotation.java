package dev.fleetops.provisioning.lifecycle;

import dev.fleetops.core.call.Action;
import dev.fleetops.core.error.NotFoundException;
import dev.fleetops.provisioning.EnrollmentManager;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.lifecycle.RotationState.Stage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls the symmetric keys of an individual enrollment or of an enrollment group (whose devices derive theirs from
 * it) without ever leaving a device without a valid key: roll the secondary while devices use the primary, let
 * devices move to the new secondary ({@link #confirmMoved}), then roll the primary, which no device uses any more.
 *
 * <p>Every step is resumable: before a key is written its fingerprint is saved in the {@link KeyRotationStore}, and
 * a re-run compares DPS's key with it, so a step interrupted before its write writes again (a fresh key, which no
 * device has been given yet) and one interrupted after its write only records it. Writes are guarded by the ETag
 * read with the keys, so a change made meanwhile is refused rather than overwritten. Each step is authorized and
 * audited as {@link #ROTATE} (the record names the target and stage, never a key), and its DPS calls as the
 * {@link EnrollmentManager}'s actions under the same correlation id.
 *
 * <p>Thread-safe; one runner advances a given target at a time.
 */
public final class KeyRotation {

    /** The action of every rotation step. */
    public static final Action ROTATE = Action.change("keys.rotate");

    private final EnrollmentManager enrollments;
    private final KeyRotationStore store;

    /**
     * Creates the workflow.
     *
     * @param enrollments the enrollments, through whose client the calls go
     * @param store where progress is kept
     */
    public KeyRotation(EnrollmentManager enrollments, KeyRotationStore store) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Names an individual enrollment as a rotation target.
     *
     * @param registrationId the registration id
     * @return {@code enrollment:<registrationId>}
     */
    public static String enrollment(String registrationId) {
        return "enrollment:" + Objects.requireNonNull(registrationId, "registrationId");
    }

    /**
     * Names an enrollment group as a rotation target.
     *
     * @param groupId the group id
     * @return {@code enrollmentGroup:<groupId>}
     */
    public static String group(String groupId) {
        return "enrollmentGroup:" + Objects.requireNonNull(groupId, "groupId");
    }

    /**
     * Begins a rotation, or returns it when it was begun already: idempotent by the rotation id, so that a script
     * run again after a failure (even one that came after the rotation finished) does not rotate twice.
     *
     * @param target from {@link #enrollment} or {@link #group}
     * @param rotationId the caller's id for this rotation, for example {@code 2026-q4}
     * @return the state: {@link Stage#STARTED} for a new rotation, else the stage the rotation of that id reached
     * @throws NotFoundException if DPS holds no such enrollment or group
     * @throws IllegalStateException if it is not attested by symmetric keys, or another rotation of the target is
     *     under way (finish it first)
     */
    public RotationState begin(String target, String rotationId) {
        Objects.requireNonNull(rotationId, "rotationId");
        return enrollments.client().calls().perform(ROTATE, target, "begin " + rotationId, view -> {
            Optional<RotationState> current = store.find(target);
            if (current.isPresent() && current.get().rotationId().equals(rotationId)) {
                return current.get();
            }
            if (current.isPresent() && current.get().stage() != Stage.DONE) {
                throw new IllegalStateException("key rotation '" + current.get().rotationId() + "' of " + target
                        + " is at " + current.get().stage() + "; finish it before beginning '" + rotationId + "'");
            }
            keys(enrollments.using(view), target);
            RotationState started = new RotationState(target, rotationId, Stage.STARTED, "", "", now());
            store.save(started);
            return started;
        });
    }

    /**
     * Makes the next step that does not wait for devices: from {@link Stage#STARTED} rolls the secondary key, from
     * {@link Stage#DEVICES_MOVED} rolls the primary. At {@link Stage#SECONDARY_ROLLED} and {@link Stage#DONE} it
     * changes nothing. Safe to call again after any failure.
     *
     * @param target the target
     * @return the state reached
     * @throws IllegalStateException if no rotation was begun, or the secondary key was changed outside the rotation
     *     (the devices may use a key the rotation does not know: begin again once they hold a known one)
     * @throws dev.fleetops.core.error.PreconditionFailedException if the enrollment changed between the read and the
     *     write; call again
     */
    public RotationState advance(String target) {
        RotationState state = require(target);
        if (state.stage() != Stage.STARTED && state.stage() != Stage.DEVICES_MOVED) {
            return state;
        }
        return enrollments.client().calls().perform(ROTATE, target, "advance from " + state.stage(),
                view -> step(enrollments.using(view), state));
    }

    /**
     * Records that every device has moved to the new secondary key (given to them by the caller, for example read
     * with {@link EnrollmentManager#keys} or derived from the group's with {@code DerivedKeys}).
     *
     * @param target the target
     * @return the state: {@link Stage#DEVICES_MOVED}, or the later stage already reached
     * @throws IllegalStateException if no rotation was begun, or the secondary key has not been rolled yet
     */
    public RotationState confirmMoved(String target) {
        RotationState state = require(target);
        if (state.stage() == Stage.DEVICES_MOVED || state.stage() == Stage.DONE) {
            return state;
        }
        if (state.stage() != Stage.SECONDARY_ROLLED) {
            throw new IllegalStateException("key rotation of " + target + " is at " + state.stage()
                    + "; devices can move only once the secondary key is rolled (advance first)");
        }
        return enrollments.client().calls().perform(ROTATE, target, "devices moved", view -> {
            RotationState moved = state.next(Stage.DEVICES_MOVED, "", state.newSecondary(), now());
            store.save(moved);
            return moved;
        });
    }

    /**
     * Reads a target's rotation.
     *
     * @param target the target
     * @return its state, or empty when none was begun
     */
    public Optional<RotationState> state(String target) {
        return store.find(target);
    }

    private RotationState require(String target) {
        return store.find(target).orElseThrow(() -> new IllegalStateException("no key rotation of " + target
                + " was begun"));
    }

    private java.time.Instant now() {
        return enrollments.client().clock().instant();
    }

    private RotationState step(EnrollmentManager m, RotationState state) {
        Held held = keys(m, state.target());
        boolean secondaryStep = state.stage() == Stage.STARTED;
        SymmetricKey touched = secondaryStep ? held.keys.secondary() : held.keys.primary();
        if (!state.pending().isEmpty() && state.pending().equals(fingerprint(touched))) {
            return finish(state, secondaryStep); // written before an interruption: only record it
        }
        if (!secondaryStep && !state.newSecondary().equals(fingerprint(held.keys.secondary()))) {
            throw new IllegalStateException("the secondary key of " + state.target() + " was changed outside the "
                    + "rotation, so devices may use a key it does not know; begin a new rotation");
        }
        SymmetricKey fresh = SymmetricKey.generate();
        store.save(state.next(state.stage(), fingerprint(fresh), state.newSecondary(), now()));
        Attestation.SymmetricKeys next = secondaryStep
                ? new Attestation.SymmetricKeys(held.keys.primary(), fresh)
                : new Attestation.SymmetricKeys(fresh, held.keys.secondary());
        write(m, held, next);
        return finish(store.find(state.target()).orElseThrow(), secondaryStep);
    }

    private RotationState finish(RotationState state, boolean secondaryStep) {
        RotationState done = secondaryStep
                ? state.next(Stage.SECONDARY_ROLLED, "", state.pending(), now())
                : state.next(Stage.DONE, "", state.newSecondary(), now());
        store.save(done);
        return done;
    }

    /** An enrollment or group as read with its keys. */
    private record Held(IndividualEnrollment enrollment, EnrollmentGroup group, Attestation.SymmetricKeys keys) {
    }

    private static Held keys(EnrollmentManager m, String target) {
        if (target.startsWith("enrollment:")) {
            String id = target.substring("enrollment:".length());
            IndividualEnrollment e = m.get(id);
            return new Held(e, null, symmetric(target, m.keys(id).orElseThrow(() -> gone(target))));
        }
        if (target.startsWith("enrollmentGroup:")) {
            String id = target.substring("enrollmentGroup:".length());
            EnrollmentGroup g = m.findGroup(id).orElseThrow(() -> gone(target));
            return new Held(null, g, symmetric(target, m.groupKeys(id).orElseThrow(() -> gone(target))));
        }
        throw new IllegalArgumentException("key rotation target '" + target + "' is neither enrollment:<id> nor "
                + "enrollmentGroup:<id>");
    }

    private static NotFoundException gone(String target) {
        return new NotFoundException("404201", "no " + target);
    }

    private static Attestation.SymmetricKeys symmetric(String target, Attestation a) {
        if (a instanceof Attestation.SymmetricKeys k && k.primary() != null && k.secondary() != null) {
            return k;
        }
        throw new IllegalStateException(target + " is attested by " + a.type() + "; only symmetric keys are rotated "
                + "here (certificates are rolled by enrolling the new one as secondary)");
    }

    private static void write(EnrollmentManager m, Held held, Attestation.SymmetricKeys next) {
        if (held.enrollment != null) {
            IndividualEnrollment e = held.enrollment;
            m.update(new IndividualEnrollment(e.registrationId(), e.deviceId(), next, e.settings(), e.etag()));
        } else {
            EnrollmentGroup g = held.group;
            m.putGroup(new EnrollmentGroup(g.groupId(), next, g.settings(), g.etag()));
        }
    }

    /** The first 16 hex digits of the SHA-256 of the key's bytes: tells keys apart without revealing one. */
    static String fingerprint(SymmetricKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder()
                    .decode(key.base64().getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "KeyRotation[" + store + "]";
    }
}
