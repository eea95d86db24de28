package dev.fleetops.core.embedded;

import dev.fleetops.core.model.OperationClass;

import java.util.Objects;
import java.util.Set;

/**
 * When to inject a {@link Fault}: on which operation classes, with what probability, and how many times at most.
 * Immutable and thread-safe.
 *
 * @param operations the operation classes it applies to; empty for all
 * @param probability the chance per matching call, 0 to 1
 * @param fault the fault
 * @param limit the most times it fires, or a negative number for no limit
 */
public record FaultRule(Set<OperationClass> operations, double probability, Fault fault, long limit) {

    /**
     * Validates the rule and copies the set.
     *
     * @param operations the operation classes it applies to; empty for all
     * @param probability the chance per matching call, 0 to 1
     * @param fault the fault
     * @param limit the most times it fires, or a negative number for no limit
     * @throws IllegalArgumentException if the probability is outside 0..1
     */
    public FaultRule {
        operations = Set.copyOf(operations);
        Objects.requireNonNull(fault, "fault");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("fault probability is " + probability + "; it must be 0 to 1");
        }
    }

    /**
     * Returns a rule that fires on every call of the given classes (all classes when none is given).
     *
     * @param fault the fault
     * @param operations the classes, or none for all
     * @return the rule
     */
    public static FaultRule always(Fault fault, OperationClass... operations) {
        return new FaultRule(Set.of(operations), 1.0, fault, -1);
    }

    /**
     * Returns a rule that fires on a share of the calls of the given classes (all classes when none is given).
     *
     * @param probability the share of calls, 0 to 1
     * @param fault the fault
     * @param operations the classes, or none for all
     * @return the rule
     */
    public static FaultRule sometimes(double probability, Fault fault, OperationClass... operations) {
        return new FaultRule(Set.of(operations), probability, fault, -1);
    }

    /**
     * Returns a copy that fires at most {@code times} times.
     *
     * @param times the limit, 0 or more
     * @return the rule
     */
    public FaultRule times(long times) {
        return new FaultRule(operations, probability, fault, times);
    }

    boolean appliesTo(OperationClass op) {
        return operations.isEmpty() || operations.contains(op);
    }
}
