package dev.fleetops.rollout.model;

import java.util.Objects;

/**
 * One thing wrong with a plan: an error (the plan cannot run) or a warning (it can, but probably not as meant),
 * with the field it concerns and the rule. Immutable and thread-safe.
 *
 * @param severity error or warning
 * @param field the plan field, for example {@code waves[0]} or {@code gates.failureRatio}
 * @param message what is wrong and why, with the numbers
 */
public record PlanProblem(Severity severity, String field, String message) {

    /** How bad a problem is. */
    public enum Severity {
        /** The plan cannot run. */
        ERROR,
        /** The plan can run, but likely not as intended. */
        WARNING
    }

    /**
     * Validates the problem.
     *
     * @param severity error or warning
     * @param field the field
     * @param message the explanation
     * @throws NullPointerException if an argument is null
     */
    public PlanProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + field + ": " + message;
    }
}
