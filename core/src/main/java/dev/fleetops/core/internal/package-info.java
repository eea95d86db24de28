/**
 * FleetOps core's private implementation: the call policy (retries, pacing, statistics), authorization and audit
 * plumbing, secret redaction and paging. Not API: anything here may change without notice, and no type from here
 * appears in a public signature of {@code dev.fleetops.core}.
 */
package dev.fleetops.core.internal;
