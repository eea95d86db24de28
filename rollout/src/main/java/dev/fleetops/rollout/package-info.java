/**
 * Staged rollouts of configuration and firmware in gated waves with exact rollback.
 *
 * <p>Begin a rollout with {@link dev.fleetops.rollout.RolloutManager#begin} and steer it with its
 * {@link dev.fleetops.rollout.RolloutHandle}; try a plan first with a {@link dev.fleetops.rollout.DryRun}. The
 * engine patches devices one by one or reaches them with hub jobs ({@link dev.fleetops.rollout.model.Strategy}),
 * watches each wave with a few {@code COUNT()} queries, fails a wave by its gates and rolls back exactly. All
 * parameters and results are non-null unless documented otherwise.
 */
package dev.fleetops.rollout;
