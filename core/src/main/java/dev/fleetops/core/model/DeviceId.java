package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;

/**
 * The identifier of a device in an IoT hub, validated against IoT Hub's rules.
 *
 * <p>A device id is case-sensitive, 1 to 128 characters long, and made of ASCII letters, digits and the characters
 * {@code - . + % _ # * ? ! ( ) , : = @ $ '}. {@link #of(String)} rejects anything else with a message that names
 * the offending character and its position, so that an id read from a file or a form can be corrected.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the id as IoT Hub stores it
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    /** The longest device id IoT Hub accepts, in characters. */
    public static final int MAX_LENGTH = 128;

    private static final String ALLOWED_SPECIALS = "-.+%_#*?!(),:=@$'";

    /**
     * Validates the id.
     *
     * @param value the id as IoT Hub stores it
     * @throws IllegalArgumentException if {@code value} is empty, longer than {@value #MAX_LENGTH} characters or
     *     holds a character IoT Hub does not accept; the message names the character and its 1-based position
     * @throws NullPointerException if {@code value} is null
     */
    public DeviceId {
        String problem = validate(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Returns the device id for {@code value}.
     *
     * @param value the id, 1 to 128 characters from IoT Hub's allowed set
     * @return the validated id
     * @throws IllegalArgumentException if the id breaks IoT Hub's rules (the message names the position)
     * @throws NullPointerException if {@code value} is null
     */
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /**
     * Tells whether {@code value} is a valid device id, without throwing.
     *
     * @param value a candidate id, may be null
     * @return true when {@link #of(String)} would accept it
     */
    public static boolean isValid(String value) {
        return value != null && validate(value) == null;
    }

    /**
     * Returns the reason {@code value} is not a valid device id, or null when it is valid.
     */
    static String validate(String value) {
        if (value == null) {
            throw new NullPointerException("device id is null");
        }
        if (value.isEmpty()) {
            return "device id is empty; IoT Hub needs 1 to " + MAX_LENGTH + " characters";
        }
        if (value.length() > MAX_LENGTH) {
            return "device id is " + value.length() + " characters long; IoT Hub allows at most " + MAX_LENGTH
                    + " (the id starts with '" + Escape.escape(value, 32) + "')";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                return "device id '" + printable(value) + "' has " + describe(c) + " at position " + (i + 1)
                        + "; IoT Hub allows ASCII letters, digits and " + ALLOWED_SPECIALS;
            }
        }
        return null;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ALLOWED_SPECIALS.indexOf(c) >= 0;
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Escape.isHidden(c) || Character.isWhitespace(c)) {
            return String.format("the control or whitespace character U+%04X", (int) c);
        }
        return String.format("the character '%c' (U+%04X)", c, (int) c);
    }

    private static String printable(String value) {
        return Escape.escape(value, 160);
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    /** Returns the id itself, so that a {@code DeviceId} prints the way IoT Hub shows it. */
    @Override
    public String toString() {
        return value;
    }
}
