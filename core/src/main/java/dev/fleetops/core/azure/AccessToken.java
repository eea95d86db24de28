package dev.fleetops.core.azure;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token for IoT Hub (a Microsoft Entra ID access token for the scope {@value AccessTokenProvider#SCOPE})
 * and when it expires. Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * @param token the token, without the {@code Bearer } prefix
 * @param expiresAt when the token stops being valid
 */
public record AccessToken(String token, Instant expiresAt) {

    /**
     * Validates the token.
     *
     * @param token the token, without the {@code Bearer } prefix
     * @param expiresAt when the token stops being valid
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the token is blank
     */
    public AccessToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token.isBlank()) {
            throw new IllegalArgumentException("access token is blank");
        }
    }

    /** Returns a description with the expiry and the token masked. */
    @Override
    public String toString() {
        return "AccessToken[token=***, expiresAt=" + expiresAt + "]";
    }
}
