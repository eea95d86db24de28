package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object: the tags, desired properties and reported properties of a twin, a patch to them, or a
 * row of a query result.
 *
 * <p>Values are one of: {@link String}, {@link Boolean}, {@link Long} (every integral number), {@link Double} (every
 * other number, always finite), a nested {@code PropertyTree}, an unmodifiable {@link List} of such values, or
 * {@link JsonNull#INSTANCE}. Numbers are normalised, so {@code 2.0} is stored as the {@code Long} 2 and compares
 * equal to it.
 *
 * <p>Paths are dotted ({@code "firmware.version"}): twin keys cannot contain a dot, so a path is never ambiguous.
 * {@link #merge(PropertyTree)} applies JSON merge-patch semantics: a {@code null} removes a key, objects merge
 * recursively, anything else replaces. Equality ignores key order. Keys are interned, so a fleet of trees with the
 * same shape shares its key strings.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PropertyTree {

    private static final String[] NO_KEYS = new String[0];
    private static final Object[] NO_VALUES = new Object[0];
    private static final PropertyTree EMPTY = new PropertyTree(NO_KEYS, NO_VALUES);

    private final String[] keys;
    private final Object[] values;

    private PropertyTree(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * Returns the empty tree.
     *
     * @return the shared empty instance
     */
    public static PropertyTree empty() {
        return EMPTY;
    }

    /**
     * Builds a tree from a map whose values are strings, booleans, numbers, nested maps, collections or arrays of
     * those, or null (kept as {@link JsonNull}). Keys are taken literally (a key with a dot is one key, which twin
     * validation then rejects).
     *
     * @param map the values, not modified
     * @return the tree
     * @throws IllegalArgumentException if a value has another type, a number is not finite, a key is not a string
     *     or a map or list contains itself; the message names the key path
     */
    public static PropertyTree of(Map<String, ?> map) {
        return fromMap(map, "");
    }

    /**
     * Parses a JSON object.
     *
     * @param json the text of one JSON object
     * @return the tree
     * @throws IllegalArgumentException if the text is not one JSON object; the message gives line and column
     */
    public static PropertyTree parse(String json) {
        return JsonCodec.parseObject(json);
    }

    /**
     * Returns a builder for a new tree.
     *
     * @return an empty builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder(EMPTY);
    }

    /**
     * Returns a builder that starts from this tree.
     *
     * @return a builder holding this tree's values (not thread-safe)
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the value at a dotted path.
     *
     * @param path a dotted path such as {@code "firmware.version"}
     * @return the value, or empty when any segment is missing or a parent is not an object
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public Optional<Object> get(String path) {
        return Optional.ofNullable(valueAt(path));
    }

    /**
     * Returns the value at a parsed path. The lookup splits nothing: parse a path once and read many trees with it.
     *
     * @param path the path
     * @return the value, or empty when any key is missing or a parent is not an object
     * @throws NullPointerException if {@code path} is null
     */
    public Optional<Object> get(PropertyPath path) {
        return Optional.ofNullable(valueAt(path.keys()));
    }

    /** The value at a path given as keys, or null when absent. */
    private Object valueAt(String[] segments) {
        PropertyTree current = this;
        Object value = null;
        for (int i = 0; i < segments.length; i++) {
            if (current == null) {
                return null;
            }
            value = current.child(segments[i]);
            if (value == null) {
                return null;
            }
            current = value instanceof PropertyTree ? (PropertyTree) value : null;
        }
        return value;
    }

    /** The value stored directly under {@code key} (no path splitting), or null when absent. */
    private Object child(String key) {
        String[] k = keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    private Object valueAt(String path) {
        return valueAt(splitPath(path));
    }

    /**
     * Returns the string at a path.
     *
     * @param path a dotted path
     * @return the string, or empty when absent or not a string
     */
    public Optional<String> getString(String path) {
        Object v = valueAt(path);
        return v instanceof String ? Optional.of((String) v) : Optional.empty();
    }

    /**
     * Returns the integral number at a path.
     *
     * @param path a dotted path
     * @return the number, or empty when absent or not an integral number
     */
    public Optional<Long> getLong(String path) {
        Object v = valueAt(path);
        return v instanceof Long ? Optional.of((Long) v) : Optional.empty();
    }

    /**
     * Returns the number at a path as a double.
     *
     * @param path a dotted path
     * @return the number, or empty when absent or not a number
     */
    public Optional<Double> getDouble(String path) {
        Object v = valueAt(path);
        return v instanceof Number ? Optional.of(((Number) v).doubleValue()) : Optional.empty();
    }

    /**
     * Returns the boolean at a path.
     *
     * @param path a dotted path
     * @return the boolean, or empty when absent or not a boolean
     */
    public Optional<Boolean> getBoolean(String path) {
        Object v = valueAt(path);
        return v instanceof Boolean ? Optional.of((Boolean) v) : Optional.empty();
    }

    /**
     * Returns the object at a path.
     *
     * @param path a dotted path
     * @return the nested tree, or empty when absent or not an object
     */
    public Optional<PropertyTree> getTree(String path) {
        Object v = valueAt(path);
        return v instanceof PropertyTree ? Optional.of((PropertyTree) v) : Optional.empty();
    }

    /**
     * Tells whether a value (including JSON null) is present at a path.
     *
     * @param path a dotted path
     * @return true when present
     */
    public boolean contains(String path) {
        return valueAt(path) != null;
    }

    /**
     * Returns the top-level keys in insertion order.
     *
     * @return an unmodifiable list
     */
    public List<String> keys() {
        return Collections.unmodifiableList(Arrays.asList(keys));
    }

    /**
     * Returns the number of top-level keys.
     *
     * @return the size
     */
    public int size() {
        return keys.length;
    }

    /**
     * Tells whether the tree has no keys.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /**
     * Calls {@code action} for each top-level key and value, in insertion order.
     *
     * @param action receives key and value
     */
    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    /**
     * Returns the tree as nested unmodifiable maps and lists; JSON null becomes {@code null}.
     *
     * @return a new map in insertion order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            out.put(keys[i], toPlain(values[i]));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object toPlain(Object v) {
        if (v instanceof PropertyTree) {
            return ((PropertyTree) v).toMap();
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(toPlain(o));
            }
            return Collections.unmodifiableList(out);
        }
        return v == JsonNull.INSTANCE ? null : v;
    }

    /**
     * Returns a copy with {@code value} at a dotted path, creating intermediate objects (and replacing non-object
     * parents) as needed.
     *
     * @param path a dotted path
     * @param value a string, boolean, number, map, collection, tree, or null for JSON null
     * @return the new tree
     * @throws IllegalArgumentException if the path has an empty segment or the value has an unsupported type
     */
    public PropertyTree with(String path, Object value) {
        String[] segments = splitPath(path);
        return withAt(segments, 0, normalise(value, path));
    }

    private PropertyTree withAt(String[] segments, int index, Object value) {
        String key = segments[index];
        if (index == segments.length - 1) {
            return put(key, value);
        }
        Object existing = child(key);
        PropertyTree parent = existing instanceof PropertyTree ? (PropertyTree) existing : EMPTY;
        return put(key, parent.withAt(segments, index + 1, value));
    }

    /**
     * Returns a copy without the value at a dotted path; the same tree when nothing is there.
     *
     * @param path a dotted path
     * @return the new tree
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public PropertyTree without(String path) {
        return withoutAt(splitPath(path), 0);
    }

    private PropertyTree withoutAt(String[] segments, int index) {
        int at = indexOf(segments[index]);
        if (at < 0) {
            return this;
        }
        if (index == segments.length - 1) {
            return removeAt(at);
        }
        Object existing = values[at];
        if (!(existing instanceof PropertyTree)) {
            return this;
        }
        PropertyTree updated = ((PropertyTree) existing).withoutAt(segments, index + 1);
        return updated == existing ? this : put(segments[index], updated);
    }

    /**
     * Applies a JSON merge patch (RFC 7396): for each key of {@code patch}, JSON null removes the key, an object
     * merges into an existing object, and any other value replaces. The result holds no JSON null.
     *
     * @param patch the patch
     * @return the merged tree; this tree when the patch is empty
     */
    public PropertyTree merge(PropertyTree patch) {
        if (patch.isEmpty()) {
            return this;
        }
        PropertyTree result = this;
        for (int i = 0; i < patch.keys.length; i++) {
            String key = patch.keys[i];
            Object pv = patch.values[i];
            if (pv == JsonNull.INSTANCE) {
                int at = result.indexOf(key);
                if (at >= 0) {
                    result = result.removeAt(at);
                }
            } else if (pv instanceof PropertyTree) {
                Object existing = result.child(key);
                PropertyTree base = existing instanceof PropertyTree ? (PropertyTree) existing : EMPTY;
                result = result.put(key, base.merge((PropertyTree) pv));
            } else {
                result = result.put(key, stripNulls(pv));
            }
        }
        return result;
    }

    private static Object stripNulls(Object v) {
        return v instanceof PropertyTree ? EMPTY.merge((PropertyTree) v) : v;
    }

    /**
     * Tells whether this tree, at any depth, holds JSON null.
     *
     * @return true when some value is {@link JsonNull}
     */
    public boolean containsNull() {
        for (Object v : values) {
            if (v == JsonNull.INSTANCE || (v instanceof PropertyTree && ((PropertyTree) v).containsNull())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the compact JSON text of this tree.
     *
     * @return JSON without whitespace
     */
    public String toJson() {
        return JsonCodec.write(this);
    }

    /** Returns {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }

    /**
     * Two trees are equal when they hold the same keys with equal values, in any order.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PropertyTree)) {
            return false;
        }
        PropertyTree other = (PropertyTree) o;
        if (other.keys.length != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            Object ov = other.child(keys[i]);
            if (ov == null || !ov.equals(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ values[i].hashCode();
        }
        return h;
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private PropertyTree put(String key, Object value) {
        int at = indexOf(key);
        if (at >= 0) {
            if (values[at].equals(value)) {
                return this;
            }
            Object[] v = values.clone();
            v[at] = value;
            return new PropertyTree(keys, v);
        }
        String[] k = Arrays.copyOf(keys, keys.length + 1);
        Object[] v = Arrays.copyOf(values, values.length + 1);
        k[keys.length] = key.intern();
        v[values.length] = value;
        return new PropertyTree(k, v);
    }

    private PropertyTree removeAt(int at) {
        if (keys.length == 1) {
            return EMPTY;
        }
        String[] k = new String[keys.length - 1];
        Object[] v = new Object[values.length - 1];
        System.arraycopy(keys, 0, k, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        System.arraycopy(keys, at + 1, k, at, keys.length - at - 1);
        System.arraycopy(values, at + 1, v, at, values.length - at - 1);
        return new PropertyTree(k, v);
    }

    /** Splits a dotted path into segments; the message of a bad path names the column. */
    static String[] splitPath(String path) {
        return PropertyPath.split(path);
    }

    /**
     * Converts a Java value to the tree's value model.
     *
     * @param value the value
     * @param path where it goes, for error messages
     * @return the normalised value
     * @throws IllegalArgumentException if the type is not supported or a number is not finite
     */
    static Object normalise(Object value, String path) {
        return normalise(value, path, new java.util.IdentityHashMap<>());
    }

    /**
     * Normalises with the maps, collections and arrays being converted on the way down in {@code enclosing}, so
     * that a value containing itself is refused instead of overflowing the stack.
     */
    private static Object normalise(Object value, String path, java.util.IdentityHashMap<Object, String> enclosing) {
        if (value instanceof Map || value instanceof Collection || value instanceof Object[]) {
            String at = enclosing.putIfAbsent(value, path);
            if (at != null) {
                throw new IllegalArgumentException("value at '" + shown(path) + "' contains itself (it is the "
                        + (value instanceof Map ? "map" : "list") + " at '" + shown(at) + "'); a twin value must be a"
                        + " tree");
            }
            try {
                return normaliseContainer(value, path, enclosing);
            } finally {
                enclosing.remove(value);
            }
        }
        return normaliseLeaf(value, path);
    }

    private static String shown(String path) {
        return path.isEmpty() ? "(root)" : Escape.escape(path, 200);
    }

    private static Object normaliseContainer(Object value, String path,
                                             java.util.IdentityHashMap<Object, String> enclosing) {
        if (value instanceof Map) {
            return fromMap((Map<?, ?>) value, path, enclosing);
        }
        if (value instanceof Collection) {
            List<Object> out = new ArrayList<>(((Collection<?>) value).size());
            int i = 0;
            for (Object o : (Collection<?>) value) {
                out.add(normalise(o, path + "[" + i++ + "]", enclosing));
            }
            return Collections.unmodifiableList(out);
        }
        Object[] array = (Object[]) value;
        List<Object> out = new ArrayList<>(array.length);
        for (int i = 0; i < array.length; i++) {
            out.add(normalise(array[i], path + "[" + i + "]", enclosing));
        }
        return Collections.unmodifiableList(out);
    }

    private static Object normaliseLeaf(Object value, String path) {
        if (value == null || value == JsonNull.INSTANCE) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof PropertyTree) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : normaliseDouble(b.doubleValue(), path);
        }
        if (value instanceof BigDecimal) {
            BigDecimal b = (BigDecimal) value;
            try {
                return b.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return normaliseDouble(b.doubleValue(), path);
            }
        }
        if (value instanceof Number) {
            return normaliseDouble(((Number) value).doubleValue(), path);
        }
        throw new IllegalArgumentException("value at '" + shown(path) + "' has type " + value.getClass().getName()
                + "; a twin value is a string, boolean, number, map, list or null");
    }

    /**
     * Normalises a double: integral values that fit a long become {@code Long}.
     *
     * @param d the number
     * @param path where it goes, for error messages
     * @return a Long or a Double
     * @throws IllegalArgumentException if the number is NaN or infinite
     */
    static Object normaliseDouble(double d, String path) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("value at '" + path + "' is " + d + "; JSON numbers must be finite");
        }
        if (d == Math.rint(d) && d >= -9.007199254740992E15 && d <= 9.007199254740992E15) {
            return (long) d;
        }
        return d;
    }

    private static PropertyTree fromMap(Map<?, ?> map, String path) {
        java.util.IdentityHashMap<Object, String> enclosing = new java.util.IdentityHashMap<>();
        enclosing.put(map, path);
        return fromMap(map, path, enclosing);
    }

    private static PropertyTree fromMap(Map<?, ?> map, String path,
                                        java.util.IdentityHashMap<Object, String> enclosing) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        String[] k = new String[map.size()];
        Object[] v = new Object[map.size()];
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object rawKey = e.getKey();
            if (!(rawKey instanceof String)) {
                throw new IllegalArgumentException("map at '" + shown(path) + "' has " + (rawKey == null
                        ? "a null key" : "a key of type " + rawKey.getClass().getName()) + " (entry " + (i + 1)
                        + "); twin property names are strings");
            }
            String key = (String) rawKey;
            k[i] = key.intern();
            v[i] = normalise(e.getValue(), path.isEmpty() ? key : path + "." + key, enclosing);
            i++;
        }
        return new PropertyTree(k, v);
    }

    /**
     * Creates a tree from parallel arrays that the caller no longer touches; used by the JSON reader.
     * Values must already be normalised and keys unique.
     *
     * @param keys the keys
     * @param values the values
     * @return the tree
     */
    static PropertyTree ofTrusted(List<String> keys, List<Object> values) {
        if (keys.isEmpty()) {
            return EMPTY;
        }
        String[] k = new String[keys.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = keys.get(i).intern();
        }
        return new PropertyTree(k, values.toArray());
    }

    /**
     * Assembles a tree step by step. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private PropertyTree tree;

        private Builder(PropertyTree start) {
            this.tree = start;
        }

        /**
         * Sets the value at a dotted path.
         *
         * @param path a dotted path
         * @param value a string, boolean, number, map, collection, tree, or null for JSON null
         * @return this builder
         * @throws IllegalArgumentException if the path has an empty segment or the value an unsupported type
         */
        public Builder put(String path, Object value) {
            tree = tree.with(path, value);
            return this;
        }

        /**
         * Sets JSON null at a dotted path, which removes the key when the tree is used as a merge patch.
         *
         * @param path a dotted path
         * @return this builder
         */
        public Builder putNull(String path) {
            tree = tree.with(path, null);
            return this;
        }

        /**
         * Removes the value at a dotted path.
         *
         * @param path a dotted path
         * @return this builder
         */
        public Builder remove(String path) {
            tree = tree.without(path);
            return this;
        }

        /**
         * Returns the tree built so far.
         *
         * @return the immutable tree
         */
        public PropertyTree build() {
            return tree;
        }
    }
}
