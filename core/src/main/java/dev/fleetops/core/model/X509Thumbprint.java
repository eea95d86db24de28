package dev.fleetops.core.model;

import java.util.Objects;

/**
 * The thumbprints of a device's X.509 certificates, as the twin and the identity carry them
 * ({@code x509Thumbprint.primaryThumbprint} and {@code .secondaryThumbprint}); empty strings for a device without
 * one, which the hub writes as {@code null}. Thumbprints are public values, not secrets. Immutable and thread-safe.
 *
 * @param primary the primary certificate's thumbprint, empty when none
 * @param secondary the secondary certificate's thumbprint, empty when none
 */
public record X509Thumbprint(String primary, String secondary) {

    /** No thumbprints: a device authenticated by SAS or by a certificate authority. */
    public static final X509Thumbprint NONE = new X509Thumbprint("", "");

    /**
     * Validates the record.
     *
     * @param primary the primary certificate's thumbprint, empty when none
     * @param secondary the secondary certificate's thumbprint, empty when none
     * @throws NullPointerException if either is null (use the empty string)
     */
    public X509Thumbprint {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
    }
}
