package dev.fleetops.rollout.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a dry run of a plan found, with nothing sent to a device: the waves as the engine formed them on a copy of
 * the fleet, the devices left out and why, the hub calls the rollout made by quota class, how long it took on the
 * tier's quotas, and how likely each wave's gates are to trip under the assumed failure rate. Immutable and
 * thread-safe.
 *
 * @param rollout the plan's rollout id
 * @param targetDevices the devices that matched the target
 * @param failureRate the assumed share of devices whose update fails, 0 to 1
 * @param waveSizes the devices of each wave (canaries first when pinned)
 * @param excluded the devices left out, by reason (for example {@code "offline when its wave reached it"})
 * @param callsByClass the hub calls of the simulated rollout by quota class name ({@code TWIN_UPDATE}, {@code QUERY},
 *     ...), retries not counted
 * @param eta how long the whole rollout took in the simulation (every wave passing, bakes and soaks included)
 * @param simulatedEnd how the simulation with the assumed failure rate ended
 * @param gateTrips for each wave, the probability that its gates trip, from repeated simulation
 */
public record DryRunReport(RolloutId rollout, long targetDevices, double failureRate, List<Long> waveSizes,
                           Map<String, Long> excluded, Map<String, Long> callsByClass, Duration eta,
                           RolloutState simulatedEnd, List<GateTrip> gateTrips) {

    /**
     * Copies the collections.
     *
     * @param rollout the rollout
     * @param targetDevices the target's devices
     * @param failureRate the assumed failure rate
     * @param waveSizes the wave sizes
     * @param excluded the exclusions by reason
     * @param callsByClass the calls by class
     * @param eta the simulated duration
     * @param simulatedEnd the simulated end state
     * @param gateTrips the gate-trip estimates
     */
    public DryRunReport {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(eta, "eta");
        Objects.requireNonNull(simulatedEnd, "simulatedEnd");
        waveSizes = List.copyOf(waveSizes);
        excluded = Map.copyOf(excluded);
        callsByClass = Map.copyOf(callsByClass);
        gateTrips = List.copyOf(gateTrips);
    }

    /**
     * Returns the probability that the rollout stops at some wave: the sum of the waves' trip probabilities.
     *
     * @return 0 to 1
     */
    public double tripProbability() {
        return Math.min(1, gateTrips.stream().mapToDouble(GateTrip::probability).sum());
    }

    /**
     * Renders the report as a few lines of text for people.
     *
     * @return the text
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("dry run of %s: %,d target devices, assumed failure rate %.2f%%%n", rollout,
                targetDevices, failureRate * 100));
        for (int i = 0; i < waveSizes.size(); i++) {
            GateTrip t = i < gateTrips.size() ? gateTrips.get(i) : null;
            sb.append(String.format("  wave %d: %,d devices", i, waveSizes.get(i)));
            if (t != null) {
                sb.append(String.format("; gates trip in %.1f%% of %,d trials (95%% CI %.1f%% to %.1f%%)",
                        t.probability() * 100, t.trials(), t.low() * 100, t.high() * 100));
            }
            sb.append('\n');
        }
        excluded.forEach((why, n) -> sb.append(String.format("  excluded: %,d (%s)%n", n, why)));
        sb.append(String.format("  hub calls: %s%n", new java.util.TreeMap<>(callsByClass)));
        sb.append(String.format("  ETA: %s; the simulation with the assumed failure rate ended %s%n", eta,
                simulatedEnd));
        return sb.toString();
    }
}
