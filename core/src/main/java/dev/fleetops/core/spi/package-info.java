/**
 * The hub SPI: the narrow, synchronous services that every hub backend implements. Each method documents its
 * idempotency and the exceptions that stand for the hub's answers. Implementations are thread-safe.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.spi;
