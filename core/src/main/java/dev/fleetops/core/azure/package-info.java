/**
 * The Azure IoT Hub backend: {@link dev.fleetops.core.azure.AzureIotHub}, a {@code HubBackend} over Microsoft's
 * {@code iot-service-client} for reads that are harmless to send twice and its own REST calls for everything else
 * (see its class documentation for which and why), and the small credential interfaces it accepts
 * ({@link dev.fleetops.core.azure.SasTokenProvider}, {@link dev.fleetops.core.azure.AccessTokenProvider}) so that no
 * Azure SDK type appears in FleetOps' API.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.azure;
