/**
 * The values of a rollout: its plan ({@link dev.fleetops.rollout.model.RolloutPlan}) and the parts a plan is made
 * of (waves, verdict, gates, pacing, maintenance window), and what gates decide. Immutable and thread-safe; all
 * types are non-null unless documented otherwise.
 */
package dev.fleetops.rollout.model;
