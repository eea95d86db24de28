package dev.fleetops.core.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import dev.fleetops.core.error.CredentialProviderException;
import dev.fleetops.core.error.FleetClientException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How {@link AzureIotHub} authenticates: the {@code Authorization} header of its own REST calls, and the credential
 * handed to the SDK's clients, from one source. Thread-safe.
 */
abstract class Credentials {

    /** Returns the {@code Authorization} header value for a call made now, renewing what needs renewing. */
    abstract String authorization();

    /** Brings the SDK's credential up to date before an SDK call. */
    abstract void refresh();

    /** The SAS credential the SDK clients use, or null when they use {@link #tokenCredential()}. */
    abstract AzureSasCredential sasCredential();

    /** The token credential the SDK clients use, or null when they use {@link #sasCredential()}. */
    abstract TokenCredential tokenCredential();

    /** Names the kind of credential, without any secret. */
    abstract String describe();

    /**
     * Wraps a provider's failure without carrying secret text: the provider's own exception (whose message or
     * causes may quote a token or key) is not chained; a {@link CredentialProviderException} stands in for it, with
     * its class name, its message with secrets masked, and its stack trace.
     */
    static RuntimeException providerFailure(String what, RuntimeException e) {
        CredentialProviderException stand = new CredentialProviderException(e);
        return new FleetClientException(what + " failed: " + stand.getMessage(), stand);
    }

    /** Credentials that are SAS tokens: the SDK gets an {@link AzureSasCredential} kept equal to the header. */
    abstract static class SasBased extends Credentials {
        /** The SDK's credential; {@link #authorization()} updates it when the token changes. */
        final AzureSasCredential sdk;

        SasBased(String initialSignature) {
            this.sdk = new AzureSasCredential(initialSignature);
        }

        @Override
        final void refresh() {
            authorization();
        }

        @Override
        final AzureSasCredential sasCredential() {
            return sdk;
        }

        @Override
        final TokenCredential tokenCredential() {
            return null;
        }
    }

    /** SAS tokens minted from a connection string's policy key, each valid for a lifetime and renewed early. */
    static final class FromKey extends SasBased {
        private final ConnectionString connectionString;
        private final Duration lifetime;
        private final Clock clock;
        private String token;
        private Instant renewAt;

        FromKey(ConnectionString connectionString, Duration lifetime, Clock clock) {
            super("SharedAccessSignature pending");
            this.connectionString = connectionString;
            this.lifetime = lifetime;
            this.clock = clock;
            this.token = mintNow();
            sdk.update(token);
        }

        private String mintNow() {
            Instant now = clock.instant();
            Instant expiry = now.plus(lifetime);
            // Renew once three quarters of the lifetime have passed: a call (and its retries) never carries a token
            // that expires on the way.
            renewAt = now.plus(lifetime.multipliedBy(3).dividedBy(4));
            return SasTokens.mint(connectionString.hostName(), connectionString.keyName(), connectionString.key(),
                    expiry);
        }

        @Override
        synchronized String authorization() {
            if (!clock.instant().isBefore(renewAt)) {
                token = mintNow();
                sdk.update(token);
            }
            return token;
        }

        @Override
        String describe() {
            return "shared access policy '" + connectionString.keyName() + "'";
        }
    }

    /** SAS tokens from the application's provider, asked before every call. */
    static final class FromSasProvider extends SasBased {
        private final SasTokenProvider provider;

        FromSasProvider(SasTokenProvider provider) {
            // The provider is first asked on the first call, not when the hub is built.
            super("SharedAccessSignature pending");
            this.provider = provider;
        }

        private String fetch() {
            String token;
            try {
                token = provider.sasToken();
            } catch (RuntimeException e) {
                throw providerFailure("SAS token provider", e);
            }
            if (token == null || token.isBlank()) {
                throw new FleetClientException("SAS token provider returned no token");
            }
            return token;
        }

        @Override
        String authorization() {
            String token = fetch();
            if (!token.equals(sdk.getSignature())) {
                sdk.update(token);
            }
            return token;
        }

        @Override
        String describe() {
            return "SAS token provider";
        }
    }

    /** Entra ID access tokens from the application's provider, cached until shortly before they expire. */
    static final class FromAccessTokenProvider extends Credentials {
        /** Renew this long before expiry, like the SDK's own cache does (it renews 9 minutes early). */
        private static final Duration EARLY = Duration.ofMinutes(10);

        private final AccessTokenProvider provider;
        private final Clock clock;
        private final TokenCredential sdk;
        private AccessToken cached;

        FromAccessTokenProvider(AccessTokenProvider provider, Clock clock) {
            this.provider = provider;
            this.clock = clock;
            this.sdk = request -> Mono.fromCallable(() -> {
                AccessToken t = fetch();
                return new com.azure.core.credential.AccessToken(t.token(), t.expiresAt().atOffset(ZoneOffset.UTC));
            });
        }

        private AccessToken fetch() {
            AccessToken token;
            try {
                token = provider.token(AccessTokenProvider.SCOPE);
            } catch (RuntimeException e) {
                throw providerFailure("access token provider", e);
            }
            return Objects.requireNonNull(token, "access token provider returned null");
        }

        @Override
        synchronized String authorization() {
            if (cached == null || !clock.instant().isBefore(cached.expiresAt().minus(EARLY))) {
                cached = fetch();
            }
            return "Bearer " + cached.token();
        }

        @Override
        void refresh() {
            // the SDK's TokenCredentialCache renews by itself
        }

        @Override
        AzureSasCredential sasCredential() {
            return null;
        }

        @Override
        TokenCredential tokenCredential() {
            return sdk;
        }

        @Override
        String describe() {
            return "access token provider";
        }
    }
}
