package dev.fleetops.provisioning.keys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A shared access signature a device presents to IoT Hub or to DPS: {@code SharedAccessSignature sr=<URL-encoded
 * resource>&sig=<URL-encoded Base64 HMAC-SHA256 of "<URL-encoded resource>\n<expiry>">&se=<expiry>[&skn=<policy>]},
 * the expiry in seconds since the epoch. The token is a secret: {@link #toString()} names the resource and the
 * expiry only, and the token text is given only by {@link #value()}. Immutable and thread-safe.
 */
public final class SasToken {

    private final String resource;
    private final Instant expiry;
    private final String value;

    private SasToken(String resource, Instant expiry, String value) {
        this.resource = resource;
        this.expiry = expiry;
        this.value = value;
    }

    /**
     * Signs a token for any resource.
     *
     * @param resource the resource URI, for example {@code myhub.azure-devices.net/devices/dev-1}
     * @param key the key that signs it
     * @param expiry when it stops being valid (whole seconds; a fraction is cut)
     * @param policy the shared access policy's name, or null for none (a device's own key)
     * @return the token
     * @throws IllegalArgumentException if the resource is empty or the expiry is before the epoch
     */
    public static SasToken sign(String resource, SymmetricKey key, Instant expiry, String policy) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiry, "expiry");
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("SAS token resource is empty");
        }
        if (expiry.getEpochSecond() < 0) {
            throw new IllegalArgumentException("SAS token expiry " + expiry + " is before 1970");
        }
        String encoded = encode(resource);
        long se = expiry.getEpochSecond();
        String signature = Base64.getEncoder().encodeToString(DerivedKeys.hmac(key,
                (encoded + "\n" + se).getBytes(StandardCharsets.UTF_8)));
        String value = "SharedAccessSignature sr=" + encoded + "&sig=" + encode(signature) + "&se=" + se
                + (policy == null ? "" : "&skn=" + encode(policy));
        return new SasToken(resource, Instant.ofEpochSecond(se), value);
    }

    /**
     * Signs the token a device connects to IoT Hub with: resource {@code <hostName>/devices/<deviceId>}, no policy.
     *
     * @param hostName the hub's host name, for example {@code myhub.azure-devices.net}
     * @param deviceId the device id
     * @param deviceKey the device's key
     * @param expiry when it stops being valid
     * @return the token
     */
    public static SasToken forDevice(String hostName, String deviceId, SymmetricKey deviceKey, Instant expiry) {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(deviceId, "deviceId");
        return sign(hostName + "/devices/" + deviceId, deviceKey, expiry, null);
    }

    /**
     * Signs the token a device registers with DPS with: resource {@code <idScope>/registrations/<registrationId>},
     * policy {@code registration}.
     *
     * @param idScope the DPS instance's id scope
     * @param registrationId the device's registration id
     * @param deviceKey the device's key (for a group, its derived key)
     * @param expiry when it stops being valid
     * @return the token
     */
    public static SasToken forRegistration(String idScope, String registrationId, SymmetricKey deviceKey,
                                           Instant expiry) {
        Objects.requireNonNull(idScope, "idScope");
        DerivedKeys.checkRegistrationId(registrationId);
        return sign(idScope + "/registrations/" + registrationId, deviceKey, expiry, "registration");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Returns the token text: the secret itself.
     *
     * @return {@code SharedAccessSignature sr=...&sig=...&se=...}
     */
    public String value() {
        return value;
    }

    /**
     * Returns the resource it is for.
     *
     * @return the resource URI, not encoded
     */
    public String resource() {
        return resource;
    }

    /**
     * Returns when it stops being valid.
     *
     * @return the expiry, in whole seconds
     */
    public Instant expiry() {
        return expiry;
    }

    /** Names the resource and the expiry, never the signature. */
    @Override
    public String toString() {
        return "SasToken[" + resource + ", expires " + expiry + ", signature redacted]";
    }
}
