package dev.fleetops.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * When a desired or reported property (or an object of them) was last written, as IoT Hub records it in the twin's
 * {@code $metadata}: the time and the {@code $version} of the properties that write produced. Immutable and
 * thread-safe.
 *
 * @param lastUpdated when it was last written ({@code $lastUpdated})
 * @param lastUpdatedVersion the properties' {@code $version} after that write ({@code $lastUpdatedVersion}); 0 when
 *     the hub gave none
 */
public record PropertyMetadata(Instant lastUpdated, long lastUpdatedVersion) {

    /**
     * Validates the record.
     *
     * @param lastUpdated when it was last written ({@code $lastUpdated})
     * @param lastUpdatedVersion the properties' {@code $version} after that write; 0 when the hub gave none
     * @throws NullPointerException if {@code lastUpdated} is null
     * @throws IllegalArgumentException if {@code lastUpdatedVersion} is negative
     */
    public PropertyMetadata {
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        if (lastUpdatedVersion < 0) {
            throw new IllegalArgumentException("lastUpdatedVersion is " + lastUpdatedVersion + "; it is at least 0");
        }
    }
}
