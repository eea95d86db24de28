package dev.fleetops.core.model;

import java.util.Objects;

/**
 * One device in a bulk registry call. For the {@code IfMatchETag} modes the device's {@link Device#etag()} is the
 * condition. Immutable and thread-safe.
 *
 * @param mode what to do
 * @param device the device (for deletes only its id and ETag are read)
 */
public record BulkOperation(BulkMode mode, Device device) {

    /**
     * Validates the operation.
     *
     * @param mode what to do
     * @param device the device (for deletes only its id and ETag are read)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an ETag-guarded mode has no ETag
     */
    public BulkOperation {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(device, "device");
        if (mode.etagGuarded() && device.etag().isEmpty()) {
            throw new IllegalArgumentException("bulk " + mode.wireName() + " of device '" + device.id()
                    + "' needs the device's ETag");
        }
    }

    /**
     * Returns an operation that creates {@code device}.
     *
     * @param device the device
     * @return the operation
     */
    public static BulkOperation create(Device device) {
        return new BulkOperation(BulkMode.CREATE, device);
    }

    /**
     * Returns an operation that deletes a device unconditionally.
     *
     * @param id the device id
     * @return the operation
     */
    public static BulkOperation delete(DeviceId id) {
        return new BulkOperation(BulkMode.DELETE, Device.of(id));
    }
}
