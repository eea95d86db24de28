/**
 * The FleetOps core API: {@code FleetClient} and its views of the hub (devices, twins, queries, configurations,
 * jobs with their {@code JobHandle}s, direct methods), and {@code Calls}, through which other modules run their own
 * operations and remote calls under the same policy.
 *
 * <p>The packages below this one, each depending only on those listed after it: {@code call} (operators, actions,
 * authorization, audit, retry policy and call statistics: what every call goes through, and the seam other modules
 * build on), {@code spi} (the hub backend contract), {@code query} (IoT Hub's query language), {@code model} (the
 * records), {@code error} (the exception tree) and {@code time} (the virtual clock). The package graph has no cycle;
 * a test fails the build if one appears.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core;
