package dev.fleetops.rollout.model;

import dev.fleetops.core.error.FleetClientException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rollout plan that cannot run, with every error found at once, each naming its field. Nothing was sent to the
 * hub. Not retryable. Immutable.
 */
public class InvalidPlanException extends FleetClientException {

    private static final long serialVersionUID = 1L;

    /** The errors; a list of records, serialisable. */
    private final transient List<PlanProblem> problems;

    /**
     * Creates the exception.
     *
     * @param rollout the plan's rollout id
     * @param problems the errors, at least one
     */
    public InvalidPlanException(RolloutId rollout, List<PlanProblem> problems) {
        super("rollout plan '" + rollout + "' cannot run: " + problems.stream().map(PlanProblem::toString)
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the errors.
     *
     * @return one or more problems, each with its field
     */
    public List<PlanProblem> problems() {
        return problems == null ? List.of() : problems;
    }
}
