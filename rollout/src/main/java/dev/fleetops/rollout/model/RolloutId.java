package dev.fleetops.rollout.model;

import java.util.Objects;

/**
 * The name of a rollout: how it is found again after a restart ({@code RolloutManager.attach}), and the prefix of
 * the hub jobs and tags it writes. 1 to {@value #MAX_LENGTH} characters of lower-case ASCII letters, digits and
 * {@code -}, starting with a letter or digit: it fits in a job id, a tag value and a log line without escaping.
 * Immutable and thread-safe.
 *
 * @param value the name
 */
public record RolloutId(String value) implements Comparable<RolloutId> {

    /** The longest rollout id, in characters (a job id of IoT Hub holds 128; the engine adds a suffix). */
    public static final int MAX_LENGTH = 64;

    /**
     * Validates the id.
     *
     * @param value the name
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is empty, too long or holds another character (the message names the
     *     character and its 1-based position)
     */
    public RolloutId {
        Objects.requireNonNull(value, "rollout id");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("rollout id is empty; use 1 to " + MAX_LENGTH + " characters of a-z,"
                    + " 0-9 and '-'");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("rollout id is " + value.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
            if (!ok) {
                throw new IllegalArgumentException("rollout id has "
                        + (c < 0x20 || c > 0x7e ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'")
                        + " at position " + (i + 1) + "; a rollout id is a-z, 0-9 and '-', not starting with '-'");
            }
        }
    }

    /**
     * Returns the id for {@code value}.
     *
     * @param value the name
     * @return the id
     * @throws IllegalArgumentException if the name breaks the rules (the message names the position)
     */
    public static RolloutId of(String value) {
        return new RolloutId(value);
    }

    @Override
    public int compareTo(RolloutId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
