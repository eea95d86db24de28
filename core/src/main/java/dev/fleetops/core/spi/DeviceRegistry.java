package dev.fleetops.core.spi;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.RegistryStatistics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hub's identity registry.
 *
 * <p>Implementations are thread-safe. Each method throws the {@link dev.fleetops.core.error.FleetException} subclasses
 * named below for the hub's answers, {@link dev.fleetops.core.error.ThrottledException} when throttled, and
 * {@link dev.fleetops.core.error.TransportException} when the call did not complete.
 */
public interface DeviceRegistry {

    /** The most devices one bulk call may carry. */
    int MAX_BULK = 100;

    /**
     * Reads a device. Idempotent.
     *
     * @param id the device
     * @return the device
     * @throws dev.fleetops.core.error.DeviceNotFoundException if it is not registered
     */
    Device get(DeviceId id);

    /**
     * Registers a device. Not idempotent: a repeated call fails with
     * {@link dev.fleetops.core.error.DeviceAlreadyExistsException}; the hub also creates the device's twin.
     *
     * @param device the device; hub-assigned fields are ignored
     * @return the device as registered, with its ETag
     * @throws dev.fleetops.core.error.DeviceAlreadyExistsException if the id is taken
     * @throws dev.fleetops.core.error.QuotaExceededException if the hub holds its maximum number of devices
     */
    Device create(Device device);

    /**
     * Updates a device's status, status reason, authentication type and Edge capability. Idempotent; guarded when
     * {@code ifMatch} is given.
     *
     * @param device the new state
     * @param ifMatch the ETag the device must still have, or {@link ETag#ANY} for an unconditional update
     * @return the device as stored, with its new ETag
     * @throws dev.fleetops.core.error.DeviceNotFoundException if it is not registered
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag no longer matches
     */
    Device update(Device device, ETag ifMatch);

    /**
     * Deletes a device and its twin. Idempotent: deleting an absent device returns false.
     *
     * @param id the device
     * @param ifMatch the ETag the device must still have, or {@link ETag#ANY} for an unconditional delete
     * @return true when a device was deleted, false when none was registered
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag no longer matches
     */
    boolean delete(DeviceId id, ETag ifMatch);

    /**
     * Creates, updates or deletes up to {@value #MAX_BULK} devices in one call; each device is applied on its own
     * and failures are reported per device. Not idempotent as a whole (creates fail the second time, per device).
     *
     * @param operations 1 to {@value #MAX_BULK} operations, each device at most once
     * @return the per-device outcome
     * @throws IllegalArgumentException if the list is empty, too long or names a device twice
     */
    BulkResult bulk(List<BulkOperation> operations);

    /**
     * Checks a bulk call before anything is sent: 1 to {@value #MAX_BULK} operations, each device at most once.
     * Every implementation of {@link #bulk(List)} calls it first.
     *
     * @param operations the operations
     * @throws IllegalArgumentException if the list is empty, too long or names a device twice (naming it and the
     *     1-based position of the second operation)
     */
    static void checkBulk(List<BulkOperation> operations) {
        if (operations.isEmpty() || operations.size() > MAX_BULK) {
            throw new IllegalArgumentException("a bulk registry call carries 1 to " + MAX_BULK + " devices, not "
                    + operations.size());
        }
        Set<DeviceId> seen = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) == null) {
                throw new IllegalArgumentException("bulk operation at index " + i + " is null");
            }
            if (!seen.add(operations.get(i).device().id())) {
                throw new IllegalArgumentException("bulk operation " + (i + 1) + " names device '"
                        + operations.get(i).device().id() + "' a second time; each device may appear once");
            }
        }
    }

    /**
     * Counts devices. Idempotent.
     *
     * @return total, enabled and disabled counts
     */
    RegistryStatistics statistics();
}
