package dev.fleetops.rollout.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When devices may be changed: on the given days, from a local start time for a duration, in a time zone (daylight
 * saving time included: a window at 02:00 on the day clocks spring forward starts at 03:00, when 02:00 does not
 * exist). A window may run past midnight; it belongs to the day it starts on. Immutable and thread-safe.
 *
 * @param zone the time zone the start time is read in
 * @param days the days a window starts on; at least one
 * @param start the local start time
 * @param length how long the window lasts, above zero and at most 24 hours
 */
public record MaintenanceWindow(ZoneId zone, Set<DayOfWeek> days, LocalTime start, Duration length) {

    /**
     * Validates the window.
     *
     * @param zone the time zone
     * @param days the days, at least one
     * @param start the local start time
     * @param length above zero and at most 24 hours
     * @throws IllegalArgumentException if there is no day or the length is out of range
     */
    public MaintenanceWindow {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("maintenance window has no day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("maintenance window length is " + length + "; it is above zero and at"
                    + " most 24 hours");
        }
    }

    /** The window that is always open: a plan without a maintenance window has this one. */
    public static final MaintenanceWindow ALWAYS = new MaintenanceWindow(java.time.ZoneOffset.UTC,
            EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, Duration.ofHours(24));

    /**
     * Returns a window open every day.
     *
     * @param zone the time zone
     * @param start the local start time
     * @param length above zero and at most 24 hours
     * @return the window
     */
    public static MaintenanceWindow daily(ZoneId zone, LocalTime start, Duration length) {
        return new MaintenanceWindow(zone, EnumSet.allOf(DayOfWeek.class), start, length);
    }

    /**
     * Tells whether the window is open at an instant.
     *
     * @param at the instant
     * @return true inside a window
     */
    public boolean isOpen(Instant at) {
        if (equals(ALWAYS)) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        // a window that started yesterday may still be open
        for (int back = 0; back <= 1; back++) {
            ZonedDateTime opened = opening(local.toLocalDate().minusDays(back));
            if (opened != null && !at.isBefore(opened.toInstant()) && at.isBefore(opened.toInstant().plus(length))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns when the window next opens at or after an instant (the instant itself when it is open then).
     *
     * @param from the instant
     * @return the next opening
     */
    public Instant nextOpen(Instant from) {
        if (isOpen(from)) {
            return from;
        }
        ZonedDateTime local = from.atZone(zone);
        for (int ahead = 0; ahead <= 8; ahead++) {
            ZonedDateTime opened = opening(local.toLocalDate().plusDays(ahead));
            if (opened != null && !opened.toInstant().isBefore(from)) {
                return opened.toInstant();
            }
        }
        throw new IllegalStateException("maintenance window never opens"); // unreachable: at least one day
    }

    /** When the window opens on a date, or null when it does not open that day. */
    private ZonedDateTime opening(java.time.LocalDate date) {
        return days.contains(date.getDayOfWeek()) ? ZonedDateTime.of(date, start, zone) : null;
    }
}
