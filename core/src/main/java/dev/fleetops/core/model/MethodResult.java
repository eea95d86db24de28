package dev.fleetops.core.model;

import java.util.Objects;

/**
 * A device's answer to a direct method. Immutable and thread-safe.
 *
 * @param status the status the device returned (its own convention, often HTTP-like)
 * @param payloadJson the payload as JSON text, {@code "null"} for none
 */
public record MethodResult(int status, String payloadJson) {

    /**
     * Validates the record.
     *
     * @param status the status the device returned (its own convention, often HTTP-like)
     * @param payloadJson the payload as JSON text, {@code "null"} for none
     * @throws NullPointerException if the payload is null
     */
    public MethodResult {
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
