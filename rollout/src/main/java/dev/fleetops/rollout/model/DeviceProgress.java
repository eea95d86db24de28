package dev.fleetops.rollout.model;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's progress in a rollout, as the store keeps it. {@code previous} is written before the device is
 * patched: for each path the rollout changes, the desired value the twin held, or JSON null where it held none, so
 * that it is itself the patch that rolls the device back exactly. Immutable and thread-safe.
 *
 * @param device the device
 * @param wave its wave
 * @param state where it stands
 * @param previous the desired values before the rollout (JSON null for absent), empty until recorded
 * @param appliedAt when it was patched, or null while it was not
 * @param successSince since when its success condition holds without a break, or null
 * @param note why it is in its state (a failure's or skip's reason), possibly empty
 */
public record DeviceProgress(DeviceId device, int wave, DeviceState state, PropertyTree previous,
                             Instant appliedAt, Instant successSince, String note) {

    /**
     * Validates the progress.
     *
     * @param device the device
     * @param wave the wave, zero or more
     * @param state the state
     * @param previous the previous values
     * @param appliedAt when patched, or null
     * @param successSince since when success holds, or null
     * @param note the reason, possibly empty
     * @throws IllegalArgumentException if the wave is negative
     */
    public DeviceProgress {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(note, "note");
        if (wave < 0) {
            throw new IllegalArgumentException("wave of device " + device + " is " + wave);
        }
    }

    /**
     * Returns a device assigned to a wave and not touched.
     *
     * @param device the device
     * @param wave its wave
     * @return the progress
     */
    public static DeviceProgress pending(DeviceId device, int wave) {
        return new DeviceProgress(device, wave, DeviceState.PENDING, PropertyTree.empty(), null, null, "");
    }

    /**
     * Returns when the device was patched.
     *
     * @return the time, or empty while it was not
     */
    public Optional<Instant> applied() {
        return Optional.ofNullable(appliedAt);
    }

    /**
     * Returns the progress in another state.
     *
     * @param next the state
     * @param why the reason, possibly empty
     * @return the progress
     * @throws IllegalStateException if the device's state machine does not allow the move
     */
    public DeviceProgress moveTo(DeviceState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("device " + device + " cannot move from " + state + " to " + next);
        }
        return new DeviceProgress(device, wave, next, previous, appliedAt, successSince, why);
    }

    /**
     * Returns the progress with its previous values recorded (before the patch).
     *
     * @param values the previous values, JSON null for absent
     * @return the progress
     */
    public DeviceProgress withPrevious(PropertyTree values) {
        return new DeviceProgress(device, wave, state, values, appliedAt, successSince, note);
    }

    /**
     * Returns the progress marked applied at a time.
     *
     * @param at when the patch was applied
     * @return the progress
     */
    public DeviceProgress appliedAt(Instant at) {
        return new DeviceProgress(device, wave, state.canMoveTo(DeviceState.APPLIED) ? DeviceState.APPLIED : state,
                previous, at, successSince, note);
    }

    /**
     * Returns the progress with the start of its success streak.
     *
     * @param since the start, or null when success does not hold
     * @return the progress
     */
    public DeviceProgress successSince(Instant since) {
        return new DeviceProgress(device, wave, state, previous, appliedAt, since, note);
    }
}
