package dev.fleetops.provisioning.plan;

import dev.fleetops.provisioning.manifest.ManifestProblem;
import dev.fleetops.provisioning.spi.EnrollmentService;

import java.util.List;
import java.util.Objects;

/**
 * What applying a manifest would do, diffed against what DPS held when the plan was made: a change per enrollment
 * (create, update, delete, unchanged), the manifest's bad rows (when the plan was made with {@code skipInvalid}),
 * and warnings. A plan is applied once; to apply a manifest again, plan it again (an applied manifest then plans to
 * no change and its apply makes no call). Immutable and thread-safe.
 *
 * @param source the manifest's name
 * @param changes a change per good row in manifest order, then the deletions in registration-id order
 * @param problems the manifest's bad rows, skipped
 * @param warnings the advice broken
 */
public record EnrollmentPlan(String source, List<PlannedChange> changes, List<ManifestProblem> problems,
                             List<PlanWarning> warnings) {

    /**
     * Copies the lists.
     *
     * @param source the source
     * @param changes the changes
     * @param problems the problems
     * @param warnings the warnings
     */
    public EnrollmentPlan {
        Objects.requireNonNull(source, "source");
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * Counts the changes of a kind.
     *
     * @param kind the kind
     * @return how many
     */
    public int count(PlannedChange.Kind kind) {
        int n = 0;
        for (PlannedChange c : changes) {
            if (c.kind() == kind) {
                n++;
            }
        }
        return n;
    }

    /**
     * Returns the write calls the apply will make: creates, updates and deletes each in bulk calls of at most
     * {@value EnrollmentService#MAX_BULK}.
     *
     * @return the number of bulk calls
     */
    public int writeCalls() {
        return batches(count(PlannedChange.Kind.CREATE)) + batches(count(PlannedChange.Kind.UPDATE))
                + batches(count(PlannedChange.Kind.DELETE));
    }

    private static int batches(int n) {
        return (n + EnrollmentService.MAX_BULK - 1) / EnrollmentService.MAX_BULK;
    }

    /**
     * Tells whether applying the plan would change nothing.
     *
     * @return true when every change is {@link PlannedChange.Kind#UNCHANGED}
     */
    public boolean isNoOp() {
        return writeCalls() == 0;
    }

    /**
     * Returns the dry run: a summary line, then every create, update and delete (unchanged rows only counted), every
     * skipped bad row and every warning, one a line. Never shows a key.
     *
     * @return the text, lines ending with {@code \n}
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("plan for ").append(source).append(": ")
                .append(count(PlannedChange.Kind.CREATE)).append(" to create, ")
                .append(count(PlannedChange.Kind.UPDATE)).append(" to update, ")
                .append(count(PlannedChange.Kind.DELETE)).append(" to delete, ")
                .append(count(PlannedChange.Kind.UNCHANGED)).append(" unchanged; ")
                .append(writeCalls()).append(" write call(s); ")
                .append(problems.size()).append(" bad row(s) skipped; ")
                .append(warnings.size()).append(" warning(s)\n");
        for (PlannedChange c : changes) {
            if (c.kind() != PlannedChange.Kind.UNCHANGED) {
                out.append("  ").append(c).append('\n');
            }
        }
        for (ManifestProblem p : problems) {
            out.append("  skipped: ").append(p).append('\n');
        }
        for (PlanWarning w : warnings) {
            out.append("  ").append(w).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "EnrollmentPlan[" + source + ": " + changes.size() + " rows, " + writeCalls() + " write calls, "
                + problems.size() + " skipped, " + warnings.size() + " warnings]";
    }
}
