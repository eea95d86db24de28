/**
 * Manifests turned into changes: {@link dev.fleetops.provisioning.plan.EnrollmentPlan} (what would be created,
 * updated, deleted or left alone, diffed against what DPS holds, with warnings), {@link
 * dev.fleetops.provisioning.plan.PlanOptions}, and what an apply reports ({@link
 * dev.fleetops.provisioning.plan.ApplyResult}, {@link dev.fleetops.provisioning.plan.ApplyProgress}). Plans are made
 * and applied by {@code EnrollmentManager}.
 */
package dev.fleetops.provisioning.plan;
