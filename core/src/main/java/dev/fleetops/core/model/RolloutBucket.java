package dev.fleetops.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable rollout bucket of a device: a number from 0 to {@value #COUNT}{@code - 1} that the device keeps for
 * life in the tag {@value #TAG} ({@code tags.fleetops.bucket}), stamped by its initial twin at provisioning or by a
 * backfill. A rollout reaches a wave of any size with one hub job over a range of buckets, with no per-device call.
 *
 * <p>The bucket is the first four bytes of the SHA-256 of the device id (UTF-8), read as an unsigned big-endian
 * number, modulo {@value #COUNT}: any language computes the same value. Thread-safe; no instances.
 */
public final class RolloutBucket {

    /** How many buckets there are. */
    public static final int COUNT = 1000;

    /** The tag path, below {@code tags}, that holds the bucket. */
    public static final String TAG = "fleetops.bucket";

    private RolloutBucket() {
    }

    /**
     * Returns a device's bucket.
     *
     * @param device the device
     * @return 0 to {@value #COUNT}{@code - 1}
     */
    public static int of(DeviceId device) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(device.value().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        long v = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
        return (int) (v % COUNT);
    }

    /**
     * Returns the twin patch that stamps a device's bucket tag.
     *
     * @param device the device
     * @return a tags-only patch
     */
    public static TwinPatch stamp(DeviceId device) {
        return TwinPatch.builder().tag(TAG, of(device)).build();
    }
}
