package dev.fleetops.core.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * IoT Hub's limits on twin documents, checked before anything is sent so that a patch over a limit fails with a
 * message naming the section, the path and the rule.
 *
 * <p>The limits (from Microsoft's device twin guide): tags at most 8 KB, desired and reported properties at most
 * 32 KB each (UTF-8 JSON without whitespace, not counting {@code $version} and {@code $metadata}); objects nested
 * at most {@value #MAX_DEPTH} deep below the section; keys 1 to 1 KB of UTF-8, without control characters,
 * {@code .}, {@code $} or a space; string values at most 4 KB of UTF-8. Stateless and thread-safe.
 */
public final class TwinLimits {

    /** Largest tags document, in bytes of UTF-8 JSON. */
    public static final int MAX_TAGS_BYTES = 8 * 1024;
    /** Largest desired or reported document, in bytes of UTF-8 JSON. */
    public static final int MAX_PROPERTIES_BYTES = 32 * 1024;
    /** Deepest nesting of objects below a section root. */
    public static final int MAX_DEPTH = 10;
    /** Longest key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Longest string value, in bytes of UTF-8. */
    public static final int MAX_STRING_BYTES = 4 * 1024;

    private TwinLimits() {
    }

    /**
     * Checks keys, string values and depth of a section, and its size.
     *
     * @param section the section name used in messages: {@code tags}, {@code properties.desired} or
     *     {@code properties.reported}
     * @param tree the document or patch
     * @param maxBytes the size limit for this section
     * @throws IllegalArgumentException naming the section, the path and the rule broken
     */
    public static void check(String section, PropertyTree tree, int maxBytes) {
        checkTree(section, tree, section, 0);
        int bytes = tree.toJson().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(section + " is " + bytes + " bytes of JSON; IoT Hub allows at most "
                    + maxBytes + " bytes");
        }
    }

    /**
     * Returns the size limit for a section name.
     *
     * @param section {@code tags}, {@code properties.desired} or {@code properties.reported}
     * @return the limit in bytes
     */
    public static int limitFor(String section) {
        return "tags".equals(section) ? MAX_TAGS_BYTES : MAX_PROPERTIES_BYTES;
    }

    private static void checkTree(String section, PropertyTree tree, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(section + ": object at '" + path + "' is nested " + depth
                    + " levels deep; IoT Hub allows at most " + MAX_DEPTH);
        }
        tree.forEach((key, value) -> {
            String child = path + "." + key;
            checkKey(section, path, key);
            checkValue(section, child, value, depth);
        });
    }

    private static void checkValue(String section, String path, Object value, int depth) {
        if (value instanceof PropertyTree) {
            checkTree(section, (PropertyTree) value, path, depth + 1);
        } else if (value instanceof String) {
            int bytes = ((String) value).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_STRING_BYTES) {
                throw new IllegalArgumentException(section + ": string at '" + path + "' is " + bytes
                        + " bytes; IoT Hub allows at most " + MAX_STRING_BYTES);
            }
        } else if (value instanceof List) {
            int i = 0;
            for (Object item : (List<?>) value) {
                checkValue(section, path + "[" + i++ + "]", item, depth);
            }
        }
    }

    /**
     * Checks one key against IoT Hub's key rules.
     *
     * @param section the section for the message
     * @param parentPath the path of the object holding the key
     * @param key the key
     * @throws IllegalArgumentException naming the key, the character and its 1-based position
     */
    public static void checkKey(String section, String parentPath, String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException(section + ": empty key under '" + parentPath + "'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            String bad = null;
            if (c == '.') {
                bad = "'.'";
            } else if (c == '$') {
                bad = "'$'";
            } else if (c == ' ') {
                bad = "a space";
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                bad = String.format("the control character U+%04X", (int) c);
            }
            if (bad != null) {
                throw new IllegalArgumentException(section + ": key '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' under '" + parentPath + "' has " + bad + " at position " + (i + 1)
                        + "; twin keys may not contain '.', '$', spaces or control characters");
            }
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(section + ": key under '" + parentPath + "' is " + bytes
                    + " bytes; IoT Hub allows at most " + MAX_KEY_BYTES);
        }
    }
}
