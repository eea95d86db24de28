package dev.fleetops.rollout.model;

import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.Condition;

import java.time.Duration;
import java.util.Objects;

/**
 * How the rollout judges one device. A device is {@code APPLIED} when its twin holds the change; it is
 * {@code VERIFIED} (succeeded) only when its {@code success} condition has held without a break for {@code soak};
 * it has failed as soon as its {@code failure} condition holds, and timed out when it reaches no verdict within
 * {@code timeout} of being patched. Conditions are IoT Hub query conditions over the twin, typically its reported
 * properties ({@code properties.reported.firmware.version = '2.0'}), so that a wave is judged with a few
 * server-side {@code COUNT()} queries whatever its size. Immutable and thread-safe.
 *
 * @param success the condition a device proves the new state with, in the query language's canonical form
 * @param failure the condition that fails a device at once, in canonical form
 * @param soak how long {@code success} must hold before the device counts as verified; zero or more
 * @param timeout the longest a device may take from its patch to a verdict; above zero
 */
public record Verdict(String success, String failure, Duration soak, Duration timeout) {

    /**
     * Validates the verdict and keeps the conditions in canonical form.
     *
     * @param success the success condition
     * @param failure the failure condition
     * @param soak the soak time
     * @param timeout the per-device timeout
     * @throws dev.fleetops.core.error.InvalidQueryException if a condition is not one IoT Hub accepts (the message
     *     names the position)
     * @throws IllegalArgumentException if the soak time is negative or the timeout not above zero or not longer
     *     than the soak time
     */
    public Verdict {
        Objects.requireNonNull(success, "success");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(soak, "soak");
        Objects.requireNonNull(timeout, "timeout");
        success = CompiledCondition.of(success).text();
        failure = CompiledCondition.of(failure).text();
        if (soak.isNegative()) {
            throw new IllegalArgumentException("verdict soak is " + soak + "; it is zero or more");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("verdict timeout is " + timeout + "; it is above zero");
        }
        if (timeout.compareTo(soak) <= 0) {
            throw new IllegalArgumentException("verdict timeout " + timeout + " is not longer than the soak " + soak
                    + ": no device could be verified before timing out");
        }
    }

    /**
     * Returns a verdict from typed conditions.
     *
     * @param success the condition a device proves the new state with
     * @param failure the condition that fails a device at once
     * @param soak how long success must hold
     * @param timeout the longest a device may take to a verdict
     * @return the verdict
     * @throws IllegalArgumentException as the constructor does
     */
    public static Verdict of(Condition success, Condition failure, Duration soak, Duration timeout) {
        return new Verdict(success.text(), failure.text(), soak, timeout);
    }
}
