package dev.fleetops.rollout.model;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void nightlyWindow_crossingMidnight_isOpenAfterMidnightToo() {
        MaintenanceWindow w = new MaintenanceWindow(BERLIN, EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(23, 0),
                Duration.ofHours(3));

        assertThat(w.isOpen(Instant.parse("2026-03-02T22:30:00Z"))).isTrue(); // Monday 23:30 CET
        assertThat(w.isOpen(Instant.parse("2026-03-03T00:30:00Z"))).isTrue(); // Tuesday 01:30 CET
        assertThat(w.isOpen(Instant.parse("2026-03-03T02:00:00Z"))).isFalse(); // Tuesday 03:00 CET
        assertThat(w.nextOpen(Instant.parse("2026-03-03T02:00:00Z"))).isEqualTo(Instant.parse("2026-03-09T22:00:00Z"));
    }

    @Test
    void window_followsDaylightSavingTime() {
        MaintenanceWindow w = MaintenanceWindow.daily(BERLIN, LocalTime.of(2, 0), Duration.ofHours(1));

        // winter: 02:00 CET is 01:00 UTC; summer: 02:00 CEST is 00:00 UTC
        assertThat(w.isOpen(Instant.parse("2026-01-15T01:30:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-07-15T00:30:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-07-15T01:30:00Z"))).isFalse();
        // 29 March 2026: 02:00 does not exist in Berlin, the window opens at 03:00 CEST (01:00 UTC)
        assertThat(w.nextOpen(Instant.parse("2026-03-28T23:00:00Z"))).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void always_isAlwaysOpen() {
        assertThat(MaintenanceWindow.ALWAYS.isOpen(Instant.parse("2026-12-03T12:34:56Z"))).isTrue();
        assertThat(MaintenanceWindow.ALWAYS.nextOpen(Instant.EPOCH)).isEqualTo(Instant.EPOCH);
    }
}
