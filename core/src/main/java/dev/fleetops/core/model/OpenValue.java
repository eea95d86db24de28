package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The shape shared by the values IoT Hub names on the wire and may extend tomorrow (a device status, a job status,
 * ...): a fixed set of known constants, compared with {@code ==}, and for a name the client does not know yet an
 * unknown value that keeps the hub's text, so that a read never fails and nothing is coerced to a known value.
 * Immutable and thread-safe.
 */
abstract class OpenValue {

    private final String name;
    private final String wireName;
    private final boolean known;

    OpenValue(String name, String wireName, boolean known) {
        this.name = name;
        this.wireName = wireName;
        this.known = known;
    }

    /** The known constant for a wire name (case ignored), or an unknown value made by {@code unknown}. */
    static <T extends OpenValue> T lookup(String wireName, List<T> known, Function<String, T> unknown, String what) {
        Objects.requireNonNull(wireName, what);
        for (T t : known) {
            if (t.wireName().equalsIgnoreCase(wireName) || t.name().equalsIgnoreCase(wireName)) {
                return t;
            }
        }
        return unknown.apply(wireName);
    }

    /**
     * Returns the constant's name ({@code ENABLED}, {@code SELF_SIGNED}, ...), or for an unknown value the hub's text.
     *
     * @return the name
     */
    public final String name() {
        return name;
    }

    /**
     * Returns the name IoT Hub uses on the wire and in queries; for an unknown value, exactly what the hub sent.
     *
     * @return the wire name
     */
    public final String wireName() {
        return wireName;
    }

    /**
     * Tells whether this is one of the constants this version of the client knows.
     *
     * @return true for a constant, false for a value the hub sent that this client does not know
     */
    public final boolean isKnown() {
        return known;
    }

    /**
     * Tells whether this is a value the hub sent that this version of the client does not know.
     *
     * @return the opposite of {@link #isKnown()}
     */
    public final boolean isUnknown() {
        return !known;
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o != null && o.getClass() == getClass() && !known && !((OpenValue) o).known
                && ((OpenValue) o).wireName.equals(wireName);
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + wireName.toLowerCase(Locale.ROOT).hashCode();
    }

    /** The constant's name, or {@code UNKNOWN(text)} with the hub's text escaped. */
    @Override
    public final String toString() {
        return known ? name : "UNKNOWN(" + Escape.escape(wireName, 64) + ")";
    }
}
