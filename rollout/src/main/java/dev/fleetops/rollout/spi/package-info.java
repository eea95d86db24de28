/**
 * What a rollout is built on and can be extended with: the store that keeps rollouts across restarts
 * ({@link dev.fleetops.rollout.spi.RolloutStore}) and its in-memory implementation. All types are non-null unless
 * documented otherwise.
 */
package dev.fleetops.rollout.spi;
