/**
 * Workflows over a device's life, each idempotent, resumable after a failure part-way (a re-run completes the work
 * without doing any step twice) and audited as its own action through the client's call seam: {@link
 * dev.fleetops.provisioning.lifecycle.KeyRotation} (symmetric keys rolled without leaving a device without a valid
 * key) and {@link dev.fleetops.provisioning.lifecycle.DeviceLifecycle} (revoke, reprovision, retire, replace).
 */
package dev.fleetops.provisioning.lifecycle;
