/**
 * The embedded Device Provisioning Service: an {@link dev.fleetops.provisioning.spi.EnrollmentService} in memory
 * with DPS's visible semantics, for tests, simulations and dry runs. Thread-safe.
 */
package dev.fleetops.provisioning.embedded;
