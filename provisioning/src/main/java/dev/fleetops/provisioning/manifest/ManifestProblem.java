package dev.fleetops.provisioning.manifest;

import java.util.Objects;

/**
 * A bad row (or header) of a manifest: where it is and which rule it breaks. Never holds a key: a problem with a
 * key says which rule the key breaks, not what it is. Immutable and thread-safe.
 *
 * @param source the manifest's name (a file name, or what the caller called it)
 * @param line the 1-based line where the row starts
 * @param column the 1-based column: in CSV the field's position, in JSON the character's
 * @param field the field concerned (a column name), or empty for the whole row
 * @param rule what is wrong, for people
 */
public record ManifestProblem(String source, int line, int column, String field, String rule) {

    /**
     * Validates the problem.
     *
     * @param source the source
     * @param line the line, at least 1
     * @param column the column, at least 1
     * @param field the field, possibly empty
     * @param rule the rule
     * @throws IllegalArgumentException if a position is below 1
     */
    public ManifestProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("manifest positions are 1-based, not line " + line + " column "
                    + column);
        }
    }

    /**
     * Returns the problem as one line: {@code source:line:column: field: rule}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + rule;
    }
}
