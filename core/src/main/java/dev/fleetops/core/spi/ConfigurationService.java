package dev.fleetops.core.spi;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.Configuration;

import java.util.List;

/**
 * Automatic device management configurations. IoT Hub applies them shortly after a change and then every five
 * minutes; metrics are recomputed on each pass. Configuration changes are throttled at 20 per minute per unit.
 *
 * <p>Implementations are thread-safe.
 */
public interface ConfigurationService {

    /** The most configurations a standard hub holds. */
    int MAX_CONFIGURATIONS = 100;

    /**
     * Creates a configuration. Not idempotent: a repeated call fails with a conflict.
     *
     * @param configuration the configuration; hub-assigned fields are ignored
     * @return the configuration as stored, with its ETag
     * @throws dev.fleetops.core.error.ConflictException if the id exists
     * @throws dev.fleetops.core.error.QuotaExceededException if the hub holds {@value #MAX_CONFIGURATIONS} already
     * @throws dev.fleetops.core.error.InvalidQueryException if the target condition or a metric query is not valid
     */
    Configuration create(Configuration configuration);

    /**
     * Reads a configuration with its current metrics. Idempotent.
     *
     * @param id the configuration id
     * @return the configuration
     * @throws dev.fleetops.core.error.ConfigurationNotFoundException if there is none
     */
    Configuration get(String id);

    /**
     * Changes the target condition, priority, labels or metric queries. Idempotent; guarded when {@code ifMatch}
     * is given.
     *
     * @param configuration the new state
     * @param ifMatch the ETag it must still have, or {@link ETag#ANY} for an unconditional update
     * @return the configuration as stored, with its new ETag
     * @throws dev.fleetops.core.error.ConfigurationNotFoundException if there is none
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag no longer matches
     * @throws dev.fleetops.core.error.BadRequestException if the content differs from the stored content
     */
    Configuration update(Configuration configuration, ETag ifMatch);

    /**
     * Deletes a configuration; the desired properties it wrote stay. Idempotent: deleting an absent one returns
     * false.
     *
     * @param id the configuration id
     * @param ifMatch the ETag it must still have, or {@link ETag#ANY} for an unconditional delete
     * @return true when one was deleted
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag no longer matches
     */
    boolean delete(String id, ETag ifMatch);

    /**
     * Lists configurations. Idempotent.
     *
     * @param top the most to return, 1 to {@value #MAX_CONFIGURATIONS}
     * @return the configurations
     */
    List<Configuration> list(int top);
}
