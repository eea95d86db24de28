package dev.fleetops.provisioning.plan;

import dev.fleetops.provisioning.manifest.ManifestProblem;

import java.util.List;
import java.util.Objects;

/**
 * What an apply did: an outcome for every planned row, the manifest's bad rows that were skipped, and the bulk
 * calls made. Every row of the manifest is in exactly one of {@code rows} and {@code skipped}. Immutable and
 * thread-safe.
 *
 * @param source the manifest's name
 * @param rows an outcome per planned change, in plan order
 * @param skipped the bad rows, not applied
 * @param writeCalls the bulk write calls made
 */
public record ApplyResult(String source, List<RowOutcome> rows, List<ManifestProblem> skipped, int writeCalls) {

    /**
     * Copies the lists.
     *
     * @param source the source
     * @param rows the outcomes
     * @param skipped the skipped rows
     * @param writeCalls the calls
     */
    public ApplyResult {
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
    }

    /**
     * Counts the rows with a status.
     *
     * @param status the status
     * @return how many
     */
    public int count(RowOutcome.Status status) {
        int n = 0;
        for (RowOutcome r : rows) {
            if (r.status() == status) {
                n++;
            }
        }
        return n;
    }

    /**
     * Returns the failed rows.
     *
     * @return the failed outcomes, in plan order
     */
    public List<RowOutcome> failures() {
        return rows.stream().filter(r -> r.status() == RowOutcome.Status.FAILED).toList();
    }

    /**
     * Tells whether every planned row was applied or unchanged and no row was skipped.
     *
     * @return true when nothing failed or was skipped
     */
    public boolean isComplete() {
        return skipped.isEmpty() && count(RowOutcome.Status.FAILED) == 0;
    }

    @Override
    public String toString() {
        return "ApplyResult[" + source + ": " + count(RowOutcome.Status.APPLIED) + " applied, "
                + count(RowOutcome.Status.UNCHANGED) + " unchanged, " + count(RowOutcome.Status.FAILED) + " failed, "
                + skipped.size() + " skipped, " + writeCalls + " write calls]";
    }
}
