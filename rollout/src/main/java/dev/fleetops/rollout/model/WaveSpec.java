package dev.fleetops.rollout.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One wave of a rollout: how many of the target devices it reaches, as a cumulative share of the target or as a
 * number of devices added to the waves before it, and how long the rollout bakes after the wave's devices have
 * their verdicts before its gates decide. Immutable and thread-safe.
 *
 * @param percent for a percent wave, the cumulative share of the target the waves up to this one reach, in
 *     percent, above 0 and at most 100; 0 for a count wave
 * @param count for a count wave, how many devices it adds; 0 for a percent wave
 * @param bake how long to wait, after the wave's verdicts are in, before judging it; zero or more
 */
public record WaveSpec(double percent, int count, Duration bake) {

    /**
     * Validates the wave.
     *
     * @param percent the cumulative share in percent, or 0 for a count wave
     * @param count the devices added, or 0 for a percent wave
     * @param bake the bake time
     * @throws IllegalArgumentException if both or neither of percent and count are set, either is out of range,
     *     or the bake time is negative
     */
    public WaveSpec {
        Objects.requireNonNull(bake, "bake");
        if ((percent > 0) == (count > 0)) {
            throw new IllegalArgumentException("a wave is either a percent or a count of devices, not "
                    + (percent > 0 ? "both" : "neither"));
        }
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
            throw new IllegalArgumentException("wave percent is " + percent + "; it is above 0 and at most 100");
        }
        if (count < 0) {
            throw new IllegalArgumentException("wave count is " + count + "; it is at least 1");
        }
        if (bake.isNegative()) {
            throw new IllegalArgumentException("wave bake time is " + bake + "; it is zero or more");
        }
    }

    /**
     * Returns a wave that reaches {@code cumulativePercent} of the target, counting the waves before it.
     *
     * @param cumulativePercent above 0 and at most 100
     * @param bake how long to bake after its verdicts
     * @return the wave
     * @throws IllegalArgumentException if the percent is out of range or the bake time negative
     */
    public static WaveSpec percent(double cumulativePercent, Duration bake) {
        return new WaveSpec(cumulativePercent, 0, bake);
    }

    /**
     * Returns a wave that adds {@code devices} devices to those of the waves before it.
     *
     * @param devices at least 1
     * @param bake how long to bake after its verdicts
     * @return the wave
     * @throws IllegalArgumentException if the count is below 1 or the bake time negative
     */
    public static WaveSpec count(int devices, Duration bake) {
        return new WaveSpec(0, devices, bake);
    }

    /**
     * Tells whether the wave is sized as a share of the target.
     *
     * @return true for a percent wave
     */
    public boolean isPercent() {
        return percent > 0;
    }
}
