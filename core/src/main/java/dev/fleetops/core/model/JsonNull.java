package dev.fleetops.core.model;

/**
 * The JSON {@code null} inside a {@link PropertyTree}.
 *
 * <p>Stored twin documents never hold it: in a patch it means "remove this key" (JSON merge patch, RFC 7396), and
 * {@link PropertyTree#merge(PropertyTree)} drops the key instead of storing it. It appears in patches, in query rows
 * and in direct-method payloads. Thread-safe (a singleton).
 */
public enum JsonNull {
    /** The only instance. */
    INSTANCE;

    /** Returns {@code "null"}, its JSON text. */
    @Override
    public String toString() {
        return "null";
    }
}
