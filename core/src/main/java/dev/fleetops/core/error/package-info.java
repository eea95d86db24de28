/**
 * The FleetOps exception tree: the unchecked root {@link dev.fleetops.core.error.FleetException}, its client-side
 * ({@link dev.fleetops.core.error.FleetClientException}) and service-side
 * ({@link dev.fleetops.core.error.FleetServiceException}, with {@code retryable()}) branches and their specific
 * exceptions, and {@link dev.fleetops.core.error.Redactor}, which keeps secrets out of messages. Below every package
 * that throws them, so the query engine, the backends and the modules depend on it and on nothing above it.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.error;
