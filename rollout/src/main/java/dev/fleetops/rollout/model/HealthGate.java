package dev.fleetops.rollout.model;

/**
 * A check of the rollout's own choosing before a wave passes: an error rate in the application's telemetry, an
 * alert in a monitoring system, a human's sign-off recorded elsewhere. Registered on the plan; the engine asks it
 * after the wave's bake time and again while it answers {@link GateResult.Status#INCONCLUSIVE}.
 *
 * <p>Implementations must be thread-safe, must return quickly (the engine calls them on its own thread), and should
 * not throw: an exception counts as inconclusive, with its class name as the evidence.
 */
@FunctionalInterface
public interface HealthGate {

    /**
     * Judges a wave.
     *
     * @param wave what the engine knows about the wave being judged
     * @return the decision with its evidence
     */
    GateResult evaluate(WaveSummary wave);

    /**
     * Returns the gate's name, for events and audit records.
     *
     * @return the name; the class's simple name by default
     */
    default String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "health-gate" : n;
    }
}
