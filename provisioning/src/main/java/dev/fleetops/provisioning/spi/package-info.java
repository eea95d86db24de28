/**
 * The enrollment SPI: what a Device Provisioning Service backend implements. Implementations are thread-safe;
 * parameters are non-null unless documented otherwise.
 */
package dev.fleetops.provisioning.spi;
