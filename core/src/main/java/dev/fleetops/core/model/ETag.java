package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;

/**
 * An entity tag: the opaque version stamp IoT Hub gives a device identity, a twin or a configuration, and changes
 * with every write to it. Passing one back to an update, patch or delete makes the write conditional: the hub
 * refuses it with HTTP 412 when the entity has been written since.
 *
 * <p>{@link #ANY} is IoT Hub's wildcard {@code *}, which matches whatever the entity holds: a write with it is
 * unconditional, and FleetClient classifies and retries it as such. {@link #of(String)} maps {@code "*"} and the
 * empty string (what an entity built locally, never stored, carries) to {@link #ANY}, so that
 * {@code update(device, device.etag())} is conditional exactly when the device came from the hub.
 *
 * <p>The value is kept as the hub sent it, without the quotes HTTP puts around it on the wire (a quoted value is
 * unquoted). Instances are immutable and thread-safe; equal when their values are.
 *
 * @param value the tag as the hub sent it, or {@code *} for {@link #ANY}
 */
public record ETag(String value) {

    /** The longest tag accepted, in characters; IoT Hub's are a few dozen. */
    public static final int MAX_LENGTH = 512;

    /** The wildcard {@code *}: matches any version, so a write guarded by it is unconditional. */
    public static final ETag ANY = new ETag("*");

    /**
     * Validates the tag and removes surrounding quotes.
     *
     * @param value the tag as the hub sent it, or {@code *}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is empty, longer than {@value #MAX_LENGTH} characters, or holds a
     *     control character or an inner quote (the message names the position)
     */
    public ETag {
        if (value == null) {
            throw new NullPointerException("etag is null");
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("etag is empty; use ETag.ANY (or ETag.of(\"\")) for an unconditional "
                    + "write");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("etag is " + value.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"') {
                throw new IllegalArgumentException("etag '" + Escape.escape(value, 64) + "' has "
                        + (c == '"' ? "a quote" : "control character U+" + String.format("%04X", (int) c))
                        + " at position " + (i + 1) + "; an ETag is printable text without quotes");
            }
        }
    }

    /**
     * Returns the tag for a value the hub sent, mapping {@code "*"} and the empty string to {@link #ANY}.
     *
     * @param value the tag, {@code "*"}, or empty
     * @return the tag
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException as the constructor does
     */
    public static ETag of(String value) {
        if (value == null) {
            throw new NullPointerException("etag is null");
        }
        return value.isEmpty() || value.equals("*") || value.equals("\"*\"") ? ANY : new ETag(value);
    }

    /**
     * Tells whether this is the wildcard, so that a write guarded by it is unconditional.
     *
     * @return true for {@link #ANY}
     */
    public boolean isAny() {
        return value.equals("*");
    }

    /**
     * Returns the value, as it goes into an {@code If-Match} header or a JSON {@code etag} field.
     *
     * @return the value
     */
    @Override
    public String toString() {
        return value;
    }
}
