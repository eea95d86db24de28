package dev.fleetops.provisioning.manifest;

import java.util.List;

/**
 * A manifest refused because some of its rows are bad; the message lists every problem ({@code source:line:column:
 * field: rule}) and never a key. Thread-safe (immutable).
 */
public final class InvalidManifestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The problems, copied. */
    private final transient List<ManifestProblem> problems;

    /**
     * Creates the exception.
     *
     * @param manifest the refused manifest
     */
    public InvalidManifestException(Manifest manifest) {
        super(message(manifest));
        this.problems = manifest.problems();
    }

    private static String message(Manifest m) {
        StringBuilder sb = new StringBuilder("manifest " + m.source() + " has " + m.problems().size() + " bad "
                + (m.problems().size() == 1 ? "row" : "rows") + "; nothing was applied:");
        for (ManifestProblem p : m.problems()) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }

    /**
     * Returns every problem.
     *
     * @return the problems, in file order
     */
    public List<ManifestProblem> problems() {
        return problems;
    }
}
