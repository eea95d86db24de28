/**
 * What every FleetOps call goes through, and the seam other modules build on.
 *
 * <ul>
 *   <li>Who and what: the acting {@link dev.fleetops.core.call.Operator} and its {@link dev.fleetops.core.call.Role}s,
 *       the {@link dev.fleetops.core.call.Action} a call performs (open: modules define their own), the
 *       {@link dev.fleetops.core.call.Authorizer} that permits it (for example
 *       {@link dev.fleetops.core.call.RolePermissions}, which grants by pattern), and the
 *       {@link dev.fleetops.core.call.AuditSink} that records it, with the {@link dev.fleetops.core.call.AuditContext}
 *       (correlation id and attributes) its calls carry.</li>
 *   <li>How: the {@link dev.fleetops.core.call.RetryPolicy} and {@link dev.fleetops.core.call.Safety} that decide
 *       whether it is sent again, and the {@link dev.fleetops.core.call.CallOptions} that bound it (deadline, attempt
 *       timeout, maximum pacing wait).</li>
 *   <li>Seeing it: the {@link dev.fleetops.core.call.CallListener} and its {@link dev.fleetops.core.call.CallEvent}s,
 *       and the {@link dev.fleetops.core.call.ClientStatistics} that count calls, attempts, waits and latency.</li>
 *   <li>Extending it: a module describes a remote call of its own as a {@link dev.fleetops.core.call.RemoteCall}
 *       and runs it with {@code FleetClient.calls()}; the body sees its {@link dev.fleetops.core.call.Attempt}.</li>
 * </ul>
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.call;
