package dev.fleetops.rollout.model;

/**
 * How likely a wave's gates are to trip under an assumed failure rate, from repeated simulation: the share of
 * trials that failed at this wave (having passed the waves before it), with its 95% Wilson score interval.
 * Immutable and thread-safe.
 *
 * @param wave the wave's index
 * @param devices the wave's devices in the simulation
 * @param trips how many trials failed at this wave
 * @param trials how many trials were run
 * @param probability {@code trips / trials}, 0 to 1
 * @param low the interval's lower bound, 0 to 1
 * @param high the interval's upper bound, 0 to 1
 */
public record GateTrip(int wave, long devices, long trips, long trials, double probability, double low,
                       double high) {

    /**
     * Returns the estimate for {@code trips} of {@code trials}, with its 95% Wilson score interval.
     *
     * @param wave the wave
     * @param devices its devices
     * @param trips trials that failed at it
     * @param trials all trials, at least 1
     * @return the estimate
     * @throws IllegalArgumentException if the counts are out of range
     */
    public static GateTrip of(int wave, long devices, long trips, long trials) {
        if (trials < 1 || trips < 0 || trips > trials) {
            throw new IllegalArgumentException("gate trips " + trips + " of " + trials + " trials are out of range");
        }
        double z = 1.959963984540054;
        double p = (double) trips / trials;
        double denominator = 1 + z * z / trials;
        double centre = (p + z * z / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return new GateTrip(wave, devices, trips, trials, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
