package dev.fleetops.rollout.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The counts of one wave as its gates see them. {@code decided} is the denominator of the failure ratio: the wave's
 * devices with a final verdict (succeeded, failed or timed out), not the wave's size and not the devices patched.
 * Immutable and thread-safe.
 *
 * @param rollout the rollout
 * @param wave the wave's index, 0 for the first (canaries, if pinned, are wave 0)
 * @param devices the devices assigned to the wave
 * @param succeeded devices verified
 * @param failed devices whose failure condition held
 * @param timedOut devices without a verdict within the per-device timeout
 * @param skipped devices left out (offline, claimed by another rollout, outside their window)
 * @param bakedSince when the wave's verdicts were all in (the start of its bake time)
 */
public record WaveSummary(RolloutId rollout, int wave, long devices, long succeeded, long failed, long timedOut,
                          long skipped, Instant bakedSince) {

    /**
     * Validates the summary.
     *
     * @param rollout the rollout
     * @param wave the wave's index
     * @param devices the devices assigned
     * @param succeeded devices verified
     * @param failed devices failed
     * @param timedOut devices timed out
     * @param skipped devices skipped
     * @param bakedSince the start of the bake time
     * @throws IllegalArgumentException if a count is negative or the verdicts exceed the devices
     */
    public WaveSummary {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(bakedSince, "bakedSince");
        if (wave < 0 || devices < 0 || succeeded < 0 || failed < 0 || timedOut < 0 || skipped < 0) {
            throw new IllegalArgumentException("wave summary counts are zero or more");
        }
        if (succeeded + failed + timedOut + skipped > devices) {
            throw new IllegalArgumentException("wave " + wave + " has more verdicts and skips ("
                    + (succeeded + failed + timedOut + skipped) + ") than devices (" + devices + ")");
        }
    }

    /**
     * Returns the devices with a final verdict: the denominator of the failure ratio.
     *
     * @return succeeded + failed + timed out
     */
    public long decided() {
        return succeeded + failed + timedOut;
    }

    /**
     * Returns the failure ratio: failed and timed-out devices over {@link #decided()}.
     *
     * @return 0 to 1; 0 while nothing is decided
     */
    public double failureRatio() {
        return decided() == 0 ? 0 : (double) (failed + timedOut) / decided();
    }
}
