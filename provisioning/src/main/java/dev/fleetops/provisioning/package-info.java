/**
 * Device enrollment over the Device Provisioning Service: enrollments, manifests, and the revoke, reprovision,
 * retire and replace workflows.
 *
 * <p>Not built yet: this package holds only its description until the provisioning issue lands. All types, when
 * they arrive, are non-null unless documented otherwise.
 */
package dev.fleetops.provisioning;
