/**
 * Keys and tokens for devices: symmetric keys that never print themselves, keys derived from a DPS enrollment
 * group's key for factory flashing, and the SAS tokens devices present to IoT Hub and DPS. All types are immutable
 * and thread-safe; parameters are non-null unless documented otherwise.
 */
package dev.fleetops.provisioning.keys;
