package dev.fleetops.provisioning.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A parsed manifest of individual enrollments: its good rows and every problem found, all at once. A manifest with
 * problems is refused whole by default; {@link #check()} says so with every problem in the message. Immutable and
 * thread-safe.
 *
 * @param source the manifest's name
 * @param rows the good rows, in file order
 * @param problems every problem, in file order
 */
public record Manifest(String source, List<ManifestRow> rows, List<ManifestProblem> problems) {

    /**
     * Copies the lists.
     *
     * @param source the source
     * @param rows the rows
     * @param problems the problems
     */
    public Manifest {
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /**
     * Tells whether every row is good.
     *
     * @return true when there is no problem
     */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /**
     * Returns this manifest if it has no problem.
     *
     * @return this manifest
     * @throws InvalidManifestException if it has problems; the exception lists every one
     */
    public Manifest check() {
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(this);
        }
        return this;
    }
}
