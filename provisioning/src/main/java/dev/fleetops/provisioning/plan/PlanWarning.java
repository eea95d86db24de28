package dev.fleetops.provisioning.plan;

import java.util.Objects;

/**
 * Advice a plan's rows break, applied anyway: symmetric keys on a device tagged for production, an X.509 certificate
 * or a group's CA certificate that has expired or expires within the plan's threshold. Immutable and thread-safe.
 *
 * @param line the manifest line, or 0 when the warning is about something DPS holds (a group's CA reference)
 * @param target what it is about: a registration id, or {@code enrollmentGroup:<id>}
 * @param field the field concerned, for example {@code attestation}
 * @param rule what is wrong and what the advice is
 */
public record PlanWarning(int line, String target, String field, String rule) {

    /**
     * Validates the warning.
     *
     * @param line the line, at least 0
     * @param target the target
     * @param field the field
     * @param rule the rule
     */
    public PlanWarning {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        if (line < 0) {
            throw new IllegalArgumentException("line is " + line);
        }
    }

    @Override
    public String toString() {
        return "warning: " + (line > 0 ? "line " + line + ": " : "") + target + ": " + field + ": " + rule;
    }
}
