package dev.fleetops.core.azure;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints IoT Hub shared access signatures from a shared access policy key: the signature is the HMAC-SHA256, under
 * the decoded key, of the URL-encoded resource URI, a line feed and the expiry in Unix seconds. Stateless and
 * thread-safe.
 */
final class SasTokens {

    private SasTokens() {
    }

    /**
     * Returns {@code SharedAccessSignature sr=<resource>&sig=<signature>&se=<expiry>&skn=<policy>}.
     *
     * @param resource the resource URI, the hub's host name
     * @param policy the shared access policy's name
     * @param key the policy's decoded key
     * @param expiry when the token expires (whole seconds)
     */
    static String mint(String resource, String policy, byte[] key, Instant expiry) {
        String encodedResource = encode(resource);
        long se = expiry.getEpochSecond();
        String toSign = encodedResource + "\n" + se;
        byte[] signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            signature = mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is required of every Java platform; the key is never part of the message.
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getClass().getSimpleName(), e);
        }
        return "SharedAccessSignature sr=" + encodedResource
                + "&sig=" + encode(Base64.getEncoder().encodeToString(signature))
                + "&se=" + se
                + "&skn=" + encode(policy);
    }

    /** Reads {@code se} (Unix seconds) from a SAS token, or null when it has none. */
    static Instant expiryOf(String token) {
        int at = token.indexOf("se=");
        while (at > 0 && token.charAt(at - 1) != '&' && token.charAt(at - 1) != ' ') {
            at = token.indexOf("se=", at + 1);
        }
        if (at < 0) {
            return null;
        }
        int end = at + 3;
        while (end < token.length() && Character.isDigit(token.charAt(end))) {
            end++;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(token.substring(at + 3, end)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
