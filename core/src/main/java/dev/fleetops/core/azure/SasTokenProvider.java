package dev.fleetops.core.azure;

/**
 * Supplies IoT Hub shared access signatures ({@code SharedAccessSignature sr=...&sig=...&se=...&skn=...}), for
 * applications that mint them elsewhere and never hand FleetOps a key. {@link AzureIotHub} asks for the token before
 * every call, so the provider decides when to renew (renew well before {@code se}, since a call may be retried).
 *
 * <p>Implementations must be thread-safe and fast (cache the token).
 */
@FunctionalInterface
public interface SasTokenProvider {

    /**
     * Returns a SAS token valid for the hub.
     *
     * @return the whole token, starting with {@code SharedAccessSignature }
     * @throws RuntimeException if no token can be had; the hub call fails with it wrapped in a
     *     {@link dev.fleetops.core.error.FleetClientException}
     */
    String sasToken();
}
