package dev.fleetops.core.spi;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;


/**
 * Device twins: read by id (always current, unlike queries) and patch tags and desired properties.
 *
 * <p>Implementations are thread-safe and throw {@link dev.fleetops.core.error.ThrottledException} when throttled and
 * {@link dev.fleetops.core.error.TransportException} when a call did not complete.
 */
public interface TwinService {

    /**
     * Reads a twin. Idempotent.
     *
     * @param id the device
     * @return the current twin
     * @throws dev.fleetops.core.error.DeviceNotFoundException if the device is not registered
     */
    Twin get(DeviceId id);

    /**
     * Applies a merge patch to the tags and desired properties. The twin's version and ETag change, and the desired
     * properties' {@code $version} increments when the desired part is not empty. Not idempotent unless
     * {@code ifMatch} is a real ETag: an unconditional patch sent twice bumps the versions twice.
     *
     * @param id the device
     * @param patch the change
     * @param ifMatch the ETag the twin must still have, or {@link ETag#ANY} for an unconditional patch
     * @return the twin after the patch
     * @throws dev.fleetops.core.error.DeviceNotFoundException if the device is not registered
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag no longer matches
     * @throws dev.fleetops.core.error.BadRequestException if the patched twin would break IoT Hub's size limits
     */
    Twin patch(DeviceId id, TwinPatch patch, ETag ifMatch);
}
