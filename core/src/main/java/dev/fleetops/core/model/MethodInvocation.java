package dev.fleetops.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A direct method call: a name, a JSON payload and IoT Hub's two timeouts. Immutable and thread-safe.
 *
 * @param methodName the method, 1 to 100 characters
 * @param payloadJson the payload as JSON text ({@code null} for none), at most 128 KB
 * @param responseTimeout how long the hub waits for the device's answer, 5 to 300 seconds
 * @param connectTimeout how long the hub waits for an offline device to connect, 0 to 300 seconds
 */
public record MethodInvocation(String methodName, String payloadJson, Duration responseTimeout,
                               Duration connectTimeout) {

    /** The largest payload, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    /**
     * Validates the invocation.
     *
     * @param methodName the method, 1 to 100 characters
     * @param payloadJson the payload as JSON text ({@code null} for none), at most 128 KB
     * @param responseTimeout how long the hub waits for the device's answer, 5 to 300 seconds
     * @param connectTimeout how long the hub waits for an offline device to connect, 0 to 300 seconds
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the name is empty or too long, a timeout is outside IoT Hub's range, or
     *     the payload is too large
     */
    public MethodInvocation {
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (methodName.isEmpty() || methodName.length() > 100) {
            throw new IllegalArgumentException("methodName is " + methodName.length()
                    + " characters; IoT Hub allows 1 to 100");
        }
        if (responseTimeout.compareTo(Duration.ofSeconds(5)) < 0
                || responseTimeout.compareTo(Duration.ofSeconds(300)) > 0) {
            throw new IllegalArgumentException("responseTimeout of method '" + methodName + "' is "
                    + responseTimeout.toSeconds() + " s; IoT Hub allows 5 to 300 s");
        }
        if (connectTimeout.isNegative() || connectTimeout.compareTo(Duration.ofSeconds(300)) > 0) {
            throw new IllegalArgumentException("connectTimeout of method '" + methodName + "' is "
                    + connectTimeout.toSeconds() + " s; IoT Hub allows 0 to 300 s");
        }
        if (payloadJson.length() > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of method '" + methodName + "' is over "
                    + MAX_PAYLOAD_BYTES + " bytes");
        }
    }

    /**
     * Returns an invocation with a 30-second response timeout and no wait for offline devices.
     *
     * @param methodName the method
     * @param payloadJson the payload as JSON text, {@code "null"} for none
     * @return the invocation
     */
    public static MethodInvocation of(String methodName, String payloadJson) {
        return new MethodInvocation(methodName, payloadJson, Duration.ofSeconds(30), Duration.ZERO);
    }
}
