/**
 * What every FleetOps call goes through: the acting {@link dev.fleetops.core.call.Operator} and its
 * {@link dev.fleetops.core.call.Role}s, the {@link dev.fleetops.core.call.Action} it performs, the
 * {@link dev.fleetops.core.call.Authorizer} that permits it, the {@link dev.fleetops.core.call.AuditSink} that
 * records it, the {@link dev.fleetops.core.call.RetryPolicy} and {@link dev.fleetops.core.call.Safety} that decide
 * whether it is sent again, and the {@link dev.fleetops.core.call.ClientStatistics} that count it. The rollout,
 * provisioning and monitoring modules use these types to run their own operations through the same policy.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.call;
