package dev.fleetops.provisioning.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A symmetric key as IoT Hub and DPS use them: 16 to 64 bytes, written in Base64. The key is a secret: its
 * {@link #toString()} says only its length, a parse error names the field, the rule and the position but never
 * echoes the text, and the Base64 form is given only by {@link #base64()}, on purpose. Immutable and thread-safe;
 * equal when the bytes are (compared in constant time).
 */
public final class SymmetricKey {

    /** The fewest bytes a key may have. */
    public static final int MIN_BYTES = 16;
    /** The most bytes a key may have (and what DPS generates). */
    public static final int MAX_BYTES = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private SymmetricKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads a key from its Base64 form.
     *
     * @param base64 the key, standard Base64 with padding
     * @param field what the key is, for the error message (for example {@code "enrollment group 'factory-a'
     *     primary key"})
     * @return the key
     * @throws IllegalArgumentException if the text is not Base64 or decodes to fewer than {@value #MIN_BYTES} or
     *     more than {@value #MAX_BYTES} bytes; the message names the field, the rule and the position of the first
     *     character that is not Base64, and never contains the text
     * @throws NullPointerException if an argument is null
     */
    public static SymmetricKey parse(String base64, String field) {
        Objects.requireNonNull(base64, "key");
        Objects.requireNonNull(field, "field");
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || (c == '=' && i >= base64.length() - 2);
            if (!ok) {
                throw new IllegalArgumentException(field + " is not Base64: position " + (i + 1) + " of "
                        + base64.length() + " holds a character outside A-Z, a-z, 0-9, '+', '/' and final '='");
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not Base64: its " + base64.length() + " characters are "
                    + "not a whole number of Base64 groups (a multiple of 4 with '=' padding)");
        }
        return of(decoded, field);
    }

    /**
     * Returns a key of the given bytes (copied).
     *
     * @param bytes {@value #MIN_BYTES} to {@value #MAX_BYTES} bytes
     * @param field what the key is, for the error message
     * @return the key
     * @throws IllegalArgumentException if the length is out of range (the message names the field and the length)
     */
    public static SymmetricKey of(byte[] bytes, String field) {
        if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(field + " has " + bytes.length + " bytes; IoT Hub and DPS take "
                    + MIN_BYTES + " to " + MAX_BYTES);
        }
        return new SymmetricKey(bytes.clone());
    }

    /**
     * Returns a new random key of {@value #MAX_BYTES} bytes from a {@link SecureRandom}, as DPS generates them.
     *
     * @return the key
     */
    public static SymmetricKey generate() {
        byte[] b = new byte[MAX_BYTES];
        RANDOM.nextBytes(b);
        return new SymmetricKey(b);
    }

    /**
     * Returns the key's Base64 form: the secret itself, for an enrollment, a device's configuration or a factory
     * flashing file.
     *
     * @return standard Base64 with padding
     */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Returns the key's length.
     *
     * @return bytes, {@value #MIN_BYTES} to {@value #MAX_BYTES}
     */
    public int length() {
        return bytes.length;
    }

    /** The bytes, for signing inside this package; never exposed. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricKey && MessageDigest.isEqual(bytes, ((SymmetricKey) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Says the key's length and nothing of its value. */
    @Override
    public String toString() {
        return "SymmetricKey[" + bytes.length + " bytes, redacted]";
    }
}
