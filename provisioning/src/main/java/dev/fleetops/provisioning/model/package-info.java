/**
 * The enrollment model of the Device Provisioning Service: individual enrollments and enrollment groups, their
 * attestations, allocation and reprovision policies, initial twins. All types are immutable and thread-safe;
 * parameters are non-null unless documented otherwise, and no key is ever part of a {@code toString}.
 */
package dev.fleetops.provisioning.model;
