package dev.fleetops.core.model;

import java.util.Objects;

/**
 * One device in a bulk registry call. For the {@code IfMatchETag} modes the device's {@link Device#etag()} is the
 * condition. A create may carry the device's initial twin, tags and desired properties, which IoT Hub's bulk
 * registry call sets with the identity in the same request (so registering a fleet with its tags costs one call
 * per 100 devices, not one more per device). Immutable and thread-safe.
 *
 * @param mode what to do
 * @param device the device (for deletes only its id and ETag are read)
 * @param initialTags the twin's tags when the device is created; empty for none, and for every other mode
 * @param initialDesired the twin's desired properties when the device is created; empty for none, and for every
 *     other mode
 */
public record BulkOperation(BulkMode mode, Device device, PropertyTree initialTags, PropertyTree initialDesired) {

    /**
     * Validates the operation.
     *
     * @param mode what to do
     * @param device the device (for deletes only its id and ETag are read)
     * @param initialTags the twin's tags when the device is created; empty for none
     * @param initialDesired the twin's desired properties when the device is created; empty for none
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an ETag-guarded mode has no ETag, a mode other than create carries an
     *     initial twin, or the initial twin breaks IoT Hub's twin limits
     */
    public BulkOperation {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(initialTags, "initialTags");
        Objects.requireNonNull(initialDesired, "initialDesired");
        if (mode.etagGuarded() && device.etag().isAny()) {
            throw new IllegalArgumentException("bulk " + mode.wireName() + " of device '" + device.id()
                    + "' needs the device's ETag");
        }
        if (mode != BulkMode.CREATE && !(initialTags.isEmpty() && initialDesired.isEmpty())) {
            throw new IllegalArgumentException("bulk " + mode.wireName() + " of device '" + device.id()
                    + "' carries an initial twin; only a create sets one (patch the twin to change it)");
        }
        TwinLimits.check("tags", initialTags, TwinLimits.MAX_TAGS_BYTES);
        TwinLimits.check("properties.desired", initialDesired, TwinLimits.MAX_PROPERTIES_BYTES);
    }

    /**
     * Creates an operation without an initial twin.
     *
     * @param mode what to do
     * @param device the device (for deletes only its id and ETag are read)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an ETag-guarded mode has no ETag
     */
    public BulkOperation(BulkMode mode, Device device) {
        this(mode, device, PropertyTree.empty(), PropertyTree.empty());
    }

    /**
     * Returns an operation that creates {@code device} with an initial twin: the patch's tags and desired
     * properties, set in the same bulk request as the identity.
     *
     * @param device the device
     * @param initialTwin the twin's tags and desired properties
     * @return the operation
     * @throws IllegalArgumentException if the twin breaks IoT Hub's twin limits
     */
    public static BulkOperation create(Device device, TwinPatch initialTwin) {
        Objects.requireNonNull(initialTwin, "initialTwin");
        return new BulkOperation(BulkMode.CREATE, device, initialTwin.tags(), initialTwin.desired());
    }

    /**
     * Tells whether this operation sets an initial twin.
     *
     * @return true when it carries tags or desired properties
     */
    public boolean hasInitialTwin() {
        return !(initialTags.isEmpty() && initialDesired.isEmpty());
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
