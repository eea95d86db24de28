package dev.fleetops.testkit.emulator;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * When the emulator injects an {@link EmulatorFault}: on which requests (HTTP method and path), with what
 * probability, and how many times at most. The method is the effective one: a POST carrying
 * {@code X-HTTP-Method-Override: PATCH} (how the Azure SDK sends twin patches) counts as PATCH.
 *
 * <p>Paths are given as templates with {@code {name}} standing for one path segment, e.g. {@code "/twins/{id}"},
 * or as regular expressions with {@link #onPathMatching(String, String)}; they match the decoded path without the
 * query string. Immutable and thread-safe; build with the static factories and the {@code with...} methods:
 *
 * <pre>{@code
 * emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on("PATCH", "/twins/{id}").times(1));
 * emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle()).withProbability(0.2));
 * }</pre>
 *
 * @param fault the fault
 * @param method the effective HTTP method in upper case, or {@code "*"} for any
 * @param pathRegex the regular expression the whole decoded path must match
 * @param probability the chance that a matching request is picked, 0 to 1 (drawn from the emulator's seeded source)
 * @param limit the most times the rule fires, or a negative number for no limit
 */
public record EmulatorFaultRule(EmulatorFault fault, String method, String pathRegex, double probability,
                                long limit) {

    /** Matches any method. */
    public static final String ANY_METHOD = "*";

    /**
     * Validates the rule.
     *
     * @param fault the fault
     * @param method the effective HTTP method, or {@code "*"}
     * @param pathRegex a regular expression over the decoded path
     * @param probability 0 to 1
     * @param limit the most times it fires, negative for no limit
     * @throws IllegalArgumentException if the probability is outside 0..1 or the expression does not compile
     */
    public EmulatorFaultRule {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathRegex, "pathRegex");
        method = method.toUpperCase(Locale.ROOT);
        Pattern.compile(pathRegex);
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("fault probability is " + probability + "; it must be 0 to 1");
        }
    }

    /**
     * Returns a rule that fires on every request, any number of times.
     *
     * @param fault the fault
     * @return the rule
     */
    public static EmulatorFaultRule of(EmulatorFault fault) {
        return new EmulatorFaultRule(fault, ANY_METHOD, ".*", 1.0, -1);
    }

    /**
     * Returns a copy restricted to one route, given as a path template.
     *
     * @param method the effective HTTP method (e.g. {@code "PATCH"}), or {@code "*"}
     * @param pathTemplate the path with {@code {name}} for a segment, e.g. {@code "/twins/{id}"}
     * @return the rule
     */
    public EmulatorFaultRule on(String method, String pathTemplate) {
        return new EmulatorFaultRule(fault, method, templateRegex(pathTemplate), probability, limit);
    }

    /**
     * Returns a copy restricted to requests whose decoded path matches a regular expression.
     *
     * @param method the effective HTTP method, or {@code "*"}
     * @param pathRegex the expression, matched against the whole path
     * @return the rule
     */
    public EmulatorFaultRule onPathMatching(String method, String pathRegex) {
        return new EmulatorFaultRule(fault, method, pathRegex, probability, limit);
    }

    /**
     * Returns a copy that picks each matching request with a probability.
     *
     * @param p 0 to 1
     * @return the rule
     */
    public EmulatorFaultRule withProbability(double p) {
        return new EmulatorFaultRule(fault, method, pathRegex, p, limit);
    }

    /**
     * Returns a copy that fires at most {@code n} times (the next {@code n} matching requests when the probability
     * is 1).
     *
     * @param n zero or more
     * @return the rule
     */
    public EmulatorFaultRule times(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("times is " + n + "; it must be zero or more");
        }
        return new EmulatorFaultRule(fault, method, pathRegex, probability, n);
    }

    boolean matches(String effectiveMethod, String path) {
        return (ANY_METHOD.equals(method) || method.equals(effectiveMethod)) && path.matches(pathRegex);
    }

    static String templateRegex(String template) {
        Objects.requireNonNull(template, "pathTemplate");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template '" + template + "' must start with '/'");
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                sb.append(Pattern.quote(template.substring(i)));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("path template '" + template + "' has an unclosed '{'");
            }
            if (open > i) {
                sb.append(Pattern.quote(template.substring(i, open)));
            }
            sb.append("[^/]+");
            i = close + 1;
        }
        return sb.toString();
    }
}
