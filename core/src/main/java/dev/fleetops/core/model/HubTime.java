package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Times as IoT Hub writes them: UTC with exactly seven fractional digits ({@code 2021-05-07T00:50:38.0543092Z}),
 * and {@code 0001-01-01T00:00:00Z} for a time that was never set ({@link Device#NEVER}). Queries compare these
 * fields as strings, so the embedded hub, the emulator and the query engine write them this way and nowhere else.
 * Stateless and thread-safe.
 */
public final class HubTime {

    private static final DateTimeFormatter SEVEN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String NEVER_TEXT = "0001-01-01T00:00:00Z";

    private HubTime() {
    }

    /**
     * Writes a time as the hub does: seven fractional digits (a finer time is truncated to 100 ns), or
     * {@code 0001-01-01T00:00:00Z} for {@link Device#NEVER}.
     *
     * @param time the time
     * @return the text
     * @throws NullPointerException if {@code time} is null
     */
    public static String format(Instant time) {
        Objects.requireNonNull(time, "time");
        if (!time.isAfter(Device.NEVER)) {
            return NEVER_TEXT;
        }
        return SEVEN.format(time);
    }

    /**
     * Reads a time the hub wrote, with any number of fractional digits, with or without the {@code Z}; a time on
     * 0001-01-01 reads as {@link Device#NEVER}.
     *
     * @param text the text
     * @param field the field it came from, for the message
     * @return the time
     * @throws IllegalArgumentException if the text is not an ISO-8601 time (the message names the field)
     */
    public static Instant parse(String text, String field) {
        Objects.requireNonNull(text, field);
        if (text.startsWith("0001-01-01")) {
            return Device.NEVER;
        }
        try {
            return Instant.parse(text.endsWith("Z") || text.endsWith("z") || text.contains("+") ? text : text + "Z");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 time: '"
                    + Escape.escape(text, 64) + "'");
        }
    }
}
