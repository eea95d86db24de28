/**
 * Staged rollouts of configuration and firmware in gated waves with exact rollback.
 *
 * <p>Not built yet: this package holds only its description until the rollout issue lands. All types, when they
 * arrive, are non-null unless documented otherwise.
 */
package dev.fleetops.rollout;
