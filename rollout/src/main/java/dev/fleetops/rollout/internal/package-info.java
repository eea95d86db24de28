/**
 * The rollout engine's own machinery (wave assignment, and the engine as it lands). Not an API: it may change in
 * any release.
 */
package dev.fleetops.rollout.internal;
