package dev.fleetops.rollout;

import dev.fleetops.core.error.FleetClientException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.RolloutId;

/**
 * A rollout refused because an active one changes the same desired path on devices both target: two rollouts are
 * never interleaved on a device. Nothing was stored or sent. Not retryable until the other rollout ends. Immutable.
 */
public class RolloutConflictException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    private final String other;
    private final String path;
    private final String device;

    /**
     * Creates the exception.
     *
     * @param rollout the refused rollout
     * @param other the active rollout it overlaps
     * @param path a desired path both change
     * @param device a device both target
     */
    public RolloutConflictException(RolloutId rollout, RolloutId other, String path, DeviceId device) {
        super("rollout " + rollout + " overlaps active rollout " + other + ": both change properties.desired." + path
                + " on devices both target, for example '" + device + "'; wait for " + other + " to end, or narrow"
                + " the target");
        this.other = other.value();
        this.path = path;
        this.device = device.value();
    }

    /**
     * Returns the active rollout this one overlaps.
     *
     * @return its id
     */
    public RolloutId other() {
        return RolloutId.of(other);
    }

    /**
     * Returns a desired path both rollouts change.
     *
     * @return the dotted path
     */
    public String path() {
        return path;
    }

    /**
     * Returns a device both rollouts target.
     *
     * @return the device
     */
    public DeviceId exampleDevice() {
        return DeviceId.of(device);
    }
}
