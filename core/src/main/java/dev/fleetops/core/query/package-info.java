/**
 * IoT Hub's query language for twin and job queries: {@link dev.fleetops.core.query.Query} (parse or build a
 * whole query), {@link dev.fleetops.core.query.Condition} (a {@code WHERE} clause, a job's query condition, a
 * configuration's target condition), and the builder's parts {@link dev.fleetops.core.query.Path},
 * {@link dev.fleetops.core.query.Expression} and {@link dev.fleetops.core.query.Projection}.
 *
 * <p>Exactly the language IoT Hub accepts for twins and jobs is accepted, and no more: text that fails here would
 * fail on a real hub, and fails fast with an {@link dev.fleetops.core.InvalidQueryException} naming the line, the
 * column and what was expected. All types are immutable and thread-safe. Parameters and return values are non-null
 * unless a method says otherwise.
 */
package dev.fleetops.core.query;
