/**
 * Staged rollouts of configuration and firmware in gated waves with exact rollback.
 *
 * <p>Begin a rollout with {@link dev.fleetops.rollout.RolloutManager#begin} and steer it with its
 * {@link dev.fleetops.rollout.RolloutHandle}. Being built: the per-device strategy, gates and exact rollback have
 * landed; the job strategy, budgeted watching, cross-rollout conflicts and the dry run follow. All types are non-null unless documented otherwise.
 */
package dev.fleetops.rollout;
