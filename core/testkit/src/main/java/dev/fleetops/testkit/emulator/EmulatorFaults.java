package dev.fleetops.testkit.emulator;

import dev.fleetops.core.embedded.ArmedRules;

import java.util.Optional;

/**
 * The emulator's fault injection over HTTP: rules that answer 429 or 503, reset connections before or after the hub
 * applied a request, or slow answers down. Rules are checked in the order they were added and the first that fires
 * wins; a rule's probability is drawn from a source seeded by {@link IotHubEmulator.Builder#seed(long)}, so a
 * single-threaded run repeats exactly.
 *
 * <p>These faults act on the wire, in front of the hub. The {@link dev.fleetops.core.embedded.EmbeddedHub}'s own
 * {@link dev.fleetops.core.embedded.FaultInjector} keeps working behind the emulator: its throttles and server errors
 * become the same HTTP answers, and its connection resets become connection resets.
 *
 * <p>Thread-safe.
 */
public final class EmulatorFaults {

    private final ArmedRules<EmulatorFaultRule> rules;

    EmulatorFaults(long seed) {
        this.rules = new ArmedRules<>(seed, EmulatorFaultRule::probability, EmulatorFaultRule::limit);
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this object
     */
    public EmulatorFaults add(EmulatorFaultRule rule) {
        rules.add(rule);
        return this;
    }

    /**
     * Removes every rule.
     *
     * @return this object
     */
    public EmulatorFaults clear() {
        rules.clear();
        return this;
    }

    /**
     * Returns how many faults fired since the emulator started.
     *
     * @return the count
     */
    public long firedCount() {
        return rules.firedCount();
    }

    /** Picks the fault for one request, if a rule fires. */
    Optional<EmulatorFault> pick(String effectiveMethod, String path) {
        return rules.pick(rule -> rule.matches(effectiveMethod, path)).map(EmulatorFaultRule::fault);
    }
}
