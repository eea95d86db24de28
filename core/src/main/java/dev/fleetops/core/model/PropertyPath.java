package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path into a {@link PropertyTree}: the keys to follow from the root, one per level. Parse a dotted path once
 * with {@link #parse(String)} (or give the keys with {@link #of(String, String...)} when one holds a dot) and read
 * with {@link PropertyTree#get(PropertyPath)} as often as needed: a lookup by a parsed path splits nothing and
 * allocates nothing but its {@code Optional}.
 *
 * <p>Instances are immutable and thread-safe; equal when their keys are.
 */
public final class PropertyPath {

    private final String[] segments;

    private PropertyPath(String[] segments) {
        this.segments = segments;
    }

    /**
     * Parses a dotted path such as {@code "firmware.version"}.
     *
     * @param dotted the path, keys separated by dots
     * @return the path
     * @throws NullPointerException if {@code dotted} is null
     * @throws IllegalArgumentException if the path is empty or has an empty segment (the message names its column)
     */
    public static PropertyPath parse(String dotted) {
        return new PropertyPath(split(dotted));
    }

    /**
     * Returns the path made of these keys, taken literally (a key may hold dots).
     *
     * @param first the first key
     * @param more the keys below it
     * @return the path
     * @throws NullPointerException if a key is null
     * @throws IllegalArgumentException if a key is empty (the message names its position)
     */
    public static PropertyPath of(String first, String... more) {
        String[] s = new String[more.length + 1];
        s[0] = first;
        System.arraycopy(more, 0, s, 1, more.length);
        for (int i = 0; i < s.length; i++) {
            Objects.requireNonNull(s[i], "key " + (i + 1) + " of the property path");
            if (s[i].isEmpty()) {
                throw new IllegalArgumentException("key " + (i + 1) + " of the property path is empty");
            }
        }
        return new PropertyPath(s);
    }

    /**
     * Returns the keys, from the root down.
     *
     * @return an unmodifiable list of at least one key
     */
    public List<String> segments() {
        return List.of(segments);
    }

    /**
     * Returns how many keys the path has.
     *
     * @return at least 1
     */
    public int size() {
        return segments.length;
    }

    /** The keys, not copied: for the lookups of this package only. */
    String[] keys() {
        return segments;
    }

    /** Splits a dotted path; the package's own parser. */
    static String[] split(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("property path is empty");
        }
        int count = 1;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        int n = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                if (i == start) {
                    throw new IllegalArgumentException("property path '" + Escape.escape(path, 64)
                            + "' has an empty segment at column " + (start + 1));
                }
                out[n++] = path.substring(start, i);
                start = i + 1;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PropertyPath && Arrays.equals(((PropertyPath) o).segments, segments);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments);
    }

    /** Returns the keys joined by dots. */
    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
