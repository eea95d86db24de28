/**
 * Manifests of enrollments: documented CSV ({@link dev.fleetops.provisioning.manifest.CsvManifest}) and JSON
 * ({@link dev.fleetops.provisioning.manifest.JsonManifest}) read with every bad row reported at once, by line,
 * column and rule, and never a key in a message. All types are immutable
 * and thread-safe; parameters are non-null unless documented otherwise.
 */
package dev.fleetops.provisioning.manifest;
