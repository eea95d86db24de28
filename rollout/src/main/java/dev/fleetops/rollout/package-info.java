/**
 * Staged rollouts of configuration and firmware in gated waves with exact rollback.
 *
 * <p>Being built: the plan ({@link dev.fleetops.rollout.model.RolloutPlan}, its validation and content hash) and
 * the deterministic wave assignment have landed; the engine, {@code RolloutManager} and {@code RolloutHandle}
 * follow. All types are non-null unless documented otherwise.
 */
package dev.fleetops.rollout;
