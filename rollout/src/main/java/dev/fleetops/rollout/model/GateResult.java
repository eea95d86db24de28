package dev.fleetops.rollout.model;

import java.util.Objects;

/**
 * What a health gate decided about a wave, with the evidence a person reading the rollout's events needs to agree
 * or disagree. A failed gate is a result, not an exception. Immutable and thread-safe.
 *
 * @param status pass, fail or inconclusive
 * @param evidence what the decision rests on, for example {@code "error rate 4.1% > 2% over 15 min"}
 */
public record GateResult(Status status, String evidence) {

    /** A gate's decision. */
    public enum Status {
        /** The wave may proceed as far as this gate is concerned. */
        PASS,
        /** The wave failed this gate: the rollout's rollback policy applies. */
        FAIL,
        /** Not enough information yet; the gate is asked again, and the wave waits. */
        INCONCLUSIVE
    }

    /**
     * Validates the result.
     *
     * @param status the decision
     * @param evidence what it rests on; may be empty
     * @throws NullPointerException if an argument is null
     */
    public GateResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * Returns a pass.
     *
     * @param evidence what it rests on
     * @return the result
     */
    public static GateResult pass(String evidence) {
        return new GateResult(Status.PASS, evidence);
    }

    /**
     * Returns a failure.
     *
     * @param evidence what it rests on
     * @return the result
     */
    public static GateResult fail(String evidence) {
        return new GateResult(Status.FAIL, evidence);
    }

    /**
     * Returns an inconclusive result.
     *
     * @param evidence what is missing
     * @return the result
     */
    public static GateResult inconclusive(String evidence) {
        return new GateResult(Status.INCONCLUSIVE, evidence);
    }
}
