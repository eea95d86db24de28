/**
 * Fleet compliance, configuration drift, connectivity health, SLOs and alerts, answered with hub queries.
 *
 * <p>Not built yet: this package holds only its description until the monitoring issue lands. All types, when they
 * arrive, are non-null unless documented otherwise.
 */
package dev.fleetops.monitoring;
