/**
 * Text helpers shared by every package of core that quotes user-supplied text in a message; depends on nothing.
 * Not API.
 */
package dev.fleetops.core.internal.text;
