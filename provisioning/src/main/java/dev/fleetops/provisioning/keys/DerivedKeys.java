package dev.fleetops.provisioning.keys;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Device keys derived from a DPS symmetric-key enrollment group's key, for flashing devices at the factory: the
 * device key is {@code HMAC-SHA256(key = group key, message = registration id as UTF-8)}, the way DPS checks a device
 * of the group, so the group key itself never leaves the back end. Stateless and thread-safe.
 */
public final class DerivedKeys {

    /** The longest registration id DPS takes for a symmetric-key device. */
    public static final int MAX_REGISTRATION_ID = 128;

    private DerivedKeys() {
    }

    /**
     * Derives the key of one device of a group.
     *
     * @param groupKey the enrollment group's key (primary or secondary)
     * @param registrationId the device's registration id: 1 to {@value #MAX_REGISTRATION_ID} characters of a-z, A-Z,
     *     0-9, '-', '.', '_' and ':', the last one a letter, a digit or '-' (DPS's rules)
     * @return the device's key (32 bytes)
     * @throws IllegalArgumentException if the registration id breaks DPS's rules (the message names the character and
     *     its position)
     */
    public static SymmetricKey forDevice(SymmetricKey groupKey, String registrationId) {
        Objects.requireNonNull(groupKey, "groupKey");
        checkRegistrationId(registrationId);
        return SymmetricKey.of(hmac(groupKey, registrationId.getBytes(StandardCharsets.UTF_8)), "derived key");
    }

    /**
     * Checks a registration id against DPS's rules.
     *
     * @param registrationId the id
     * @throws IllegalArgumentException if it breaks them (the message names the rule, the character and its
     *     1-based position)
     */
    public static void checkRegistrationId(String registrationId) {
        Objects.requireNonNull(registrationId, "registrationId");
        if (registrationId.isEmpty() || registrationId.length() > MAX_REGISTRATION_ID) {
            throw new IllegalArgumentException("registration id is " + registrationId.length() + " characters long;"
                    + " DPS takes 1 to " + MAX_REGISTRATION_ID);
        }
        for (int i = 0; i < registrationId.length(); i++) {
            char c = registrationId.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && c != '-' && c != '.' && c != '_' && c != ':') {
                throw new IllegalArgumentException("registration id has " + describe(c) + " at position " + (i + 1)
                        + "; DPS takes a-z, A-Z, 0-9, '-', '.', '_' and ':'");
            }
        }
        char last = registrationId.charAt(registrationId.length() - 1);
        if (last == '.' || last == '_' || last == ':') {
            throw new IllegalArgumentException("registration id ends with '" + last + "' at position "
                    + registrationId.length() + "; DPS needs the last character to be a letter, a digit or '-'");
        }
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'";
    }

    static byte[] hmac(SymmetricKey key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
