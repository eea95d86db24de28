package dev.fleetops.core.embedded;

import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.model.OperationClass;

import java.time.Duration;
import java.util.Optional;

/**
 * The embedded hub's fault injection: rules that make a share of calls fail or slow down. Rules can be added and
 * cleared while the hub runs. Draws come from a seeded random source, so a single-threaded run is repeatable.
 * Thread-safe.
 */
public final class FaultInjector {

    private final ArmedRules<FaultRule> rules;

    FaultInjector(long seed) {
        this.rules = new ArmedRules<>(seed, FaultRule::probability, FaultRule::limit);
    }

    /**
     * Adds a rule; rules are checked in the order they were added and the first that fires wins.
     *
     * @param rule the rule
     * @return this injector
     */
    public FaultInjector add(FaultRule rule) {
        rules.add(rule);
        return this;
    }

    /**
     * Removes every rule.
     *
     * @return this injector
     */
    public FaultInjector clear() {
        rules.clear();
        return this;
    }

    /**
     * Returns how many faults fired so far.
     *
     * @return the count
     */
    public long injectedCount() {
        return rules.firedCount();
    }

    /**
     * Picks the fault for one call, if any fires, and throws it when it acts before processing.
     *
     * @return the fault that acts after processing or as latency, or empty
     */
    Optional<Fault> before(OperationClass op, String what) {
        Optional<Fault> picked = rules.pick(rule -> rule.appliesTo(op)).map(FaultRule::fault);
        if (picked.isEmpty()) {
            return picked;
        }
        Fault fault = picked.get();
        switch (fault.kind()) {
            case THROTTLE:
                throw new ThrottledException("embedded hub throttled " + what + " (injected fault)");
            case SERVER_ERROR:
                throw new ServiceUnavailableException(fault.statusCode(), "embedded hub answered "
                        + fault.statusCode() + " to " + what + " (injected fault)");
            case CONNECTION_RESET:
                throw new TransportException("connection reset during " + what + " (injected fault)");
            default:
                return picked;
        }
    }

    static Duration latencyOf(Optional<Fault> fault) {
        return fault.filter(f -> f.kind() == Fault.Kind.LATENCY).map(Fault::delay).orElse(Duration.ZERO);
    }

    static boolean resetsAfterApply(Optional<Fault> fault) {
        return fault.filter(f -> f.kind() == Fault.Kind.RESET_AFTER_APPLY).isPresent();
    }
}
