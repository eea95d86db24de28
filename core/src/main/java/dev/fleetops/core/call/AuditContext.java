package dev.fleetops.core.call;

import dev.fleetops.core.error.Redactor;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What every call made under it carries into the audit trail, the logs and the {@link CallListener}: a correlation
 * id shared by all those calls, and attributes such as {@code rollout=r-17 wave=2}. Give one to
 * {@link dev.fleetops.core.FleetClient#with(AuditContext)} to get a view of the client whose calls all carry it; an
 * operation run with {@code FleetClient.calls().perform(...)} hands its body such a view, so the hub calls it makes
 * share its correlation id.
 *
 * <p>A client with no context gives each call a correlation id of its own. Attribute values are redacted like
 * every audited text. Immutable and thread-safe.
 *
 * @param correlationId 1 to 128 characters from letters, digits and {@code - _ . : /}; for example a request id
 *     or a W3C trace id
 * @param attributes at most 16 pairs; keys are 1 to 32 characters, a letter then letters, digits, {@code -},
 *     {@code _} or {@code .}, and none of the audit line's own keys ({@code time}, {@code correlationId},
 *     {@code operator}, {@code action}, {@code target}, {@code outcome}, {@code failure}, {@code detail}); values
 *     are 1 to 200 characters without control characters
 */
public record AuditContext(String correlationId, Map<String, String> attributes) {

    /** The most attributes a context holds. */
    public static final int MAX_ATTRIBUTES = 16;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");
    private static final Set<String> RESERVED = Set.of("time", "correlationId", "operator", "action", "target",
            "outcome", "failure", "detail");

    /**
     * Validates the context and copies the attributes (sorted by key).
     *
     * @param correlationId 1 to 128 characters from letters, digits and {@code - _ . : /}; for example a request id or a W3C trace id
     * @param attributes at most 16 pairs; keys are 1 to 32 characters, a letter then letters, digits, {@code -}, {@code _} or {@code .}, and none of the audit line's own keys ({@code time}, {@code correlationId}, {@code operator}, {@code action}, {@code target}, {@code outcome}, {@code failure}, {@code detail}); values are 1 to 200 characters without control characters
     * @throws NullPointerException if a component, key or value is null
     * @throws IllegalArgumentException if the id, a key or a value breaks the rules above
     */
    public AuditContext {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(attributes, "attributes");
        if (!ID.matcher(correlationId).matches()) {
            throw new IllegalArgumentException("correlation id '" + Redactor.quote(correlationId, 140) + "' must be "
                    + "1 to 128 characters from letters, digits and - _ . : /");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("an audit context holds at most " + MAX_ATTRIBUTES
                    + " attributes, not " + attributes.size());
        }
        TreeMap<String, String> copy = new TreeMap<>();
        attributes.forEach((k, v) -> {
            Objects.requireNonNull(k, "attribute key");
            Objects.requireNonNull(v, "value of attribute " + k);
            check(k, v);
            copy.put(k, Redactor.redact(v));
        });
        attributes = Collections.unmodifiableMap(copy);
    }

    private static void check(String key, String value) {
        if (!KEY.matcher(key).matches() || RESERVED.contains(key)) {
            throw new IllegalArgumentException("audit attribute key '" + Redactor.quote(key, 40) + "' must be 1 to "
                    + "32 characters, a letter then letters, digits, '-', '_' or '.', and none of " + RESERVED);
        }
        if (value.isEmpty() || value.length() > 200) {
            throw new IllegalArgumentException("audit attribute '" + key + "' has " + value.length()
                    + " characters; a value has 1 to 200");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("audit attribute '" + key + "' has a control character at index "
                        + i + "; one audit record is one line");
            }
        }
    }

    /**
     * Returns a context with this correlation id and no attributes.
     *
     * @param correlationId the id
     * @return the context
     * @throws IllegalArgumentException if the id breaks the rule above
     */
    public static AuditContext of(String correlationId) {
        return new AuditContext(correlationId, Map.of());
    }

    /**
     * Returns a context with a new random correlation id (a UUID) and no attributes.
     *
     * @return the context
     */
    public static AuditContext random() {
        return of(UUID.randomUUID().toString());
    }

    /**
     * Returns this context with one more attribute (or with this attribute's value replaced).
     *
     * @param key the key, for example {@code rollout}
     * @param value the value, for example {@code r-17}
     * @return a new context
     * @throws IllegalArgumentException if the key or value breaks the rules above, or the context would hold more
     *     than {@value #MAX_ATTRIBUTES} attributes
     */
    public AuditContext with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(attributes);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new AuditContext(correlationId, copy);
    }

    /**
     * Returns this context with its attributes and another correlation id.
     *
     * @param id the new id
     * @return a new context
     * @throws IllegalArgumentException if the id breaks the rule above
     */
    public AuditContext withCorrelationId(String id) {
        return new AuditContext(id, attributes);
    }
}
