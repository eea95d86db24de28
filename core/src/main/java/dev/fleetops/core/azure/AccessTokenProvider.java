package dev.fleetops.core.azure;

/**
 * Supplies Microsoft Entra ID access tokens for IoT Hub's role-based access control. {@link AzureIotHub} caches
 * each token and asks for a new one shortly before it expires, so an implementation may simply fetch a token on
 * every call.
 *
 * <p>FleetOps does not depend on {@code azure-identity}; adapting its {@code TokenCredential} takes three lines:
 *
 * <pre>{@code
 * TokenCredential credential = new DefaultAzureCredentialBuilder().build();
 * AccessTokenProvider provider = scope -> {
 *     com.azure.core.credential.AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
 *     return new AccessToken(t.getToken(), t.getExpiresAt().toInstant());
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe; they are called from whichever thread makes a hub call.
 */
@FunctionalInterface
public interface AccessTokenProvider {

    /** The scope IoT Hub's data plane asks tokens for. */
    String SCOPE = "https://iothubs.azure.net/.default";

    /**
     * Returns a valid token for {@code scope}.
     *
     * @param scope always {@value #SCOPE}
     * @return the token and its expiry
     * @throws RuntimeException if no token can be had; the hub call fails with it wrapped in a
     *     {@link dev.fleetops.core.error.FleetClientException}
     */
    AccessToken token(String scope);
}
