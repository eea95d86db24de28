package dev.fleetops.provisioning.model;

import dev.fleetops.provisioning.keys.SymmetricKey;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * How a device proves who it is to DPS: symmetric keys, X.509 certificates (a device's own, or a group's signing
 * certificate), references to CA certificates verified in DPS, or a TPM's endorsement key (individual enrollments
 * only). Records of a sealed interface; immutable and thread-safe. Keys never print themselves.
 */
public sealed interface Attestation permits Attestation.SymmetricKeys, Attestation.X509Certificates,
        Attestation.X509CaReferences, Attestation.Tpm {

    /**
     * Returns the attestation type as DPS names it.
     *
     * @return {@code symmetricKey}, {@code x509} or {@code tpm}
     */
    String type();

    /**
     * Symmetric keys. Either may be null, and DPS then generates it (64 random bytes).
     *
     * @param primary the primary key, or null for one DPS generates
     * @param secondary the secondary key, or null for one DPS generates
     */
    record SymmetricKeys(SymmetricKey primary, SymmetricKey secondary) implements Attestation {

        /**
         * Returns keys that DPS generates.
         *
         * @return the attestation
         */
        public static SymmetricKeys generatedByDps() {
            return new SymmetricKeys(null, null);
        }

        @Override
        public String type() {
            return "symmetricKey";
        }
    }

    /**
     * X.509 certificates: a device's own (individual enrollment) or a group's signing certificate, in PEM or
     * Base64 DER. The certificates are parsed when the record is made, so a bad one is refused before any call.
     *
     * @param primary the primary certificate
     * @param secondary the secondary certificate, or null
     */
    record X509Certificates(String primary, String secondary) implements Attestation {

        /**
         * Checks that each certificate parses.
         *
         * @param primary the primary certificate
         * @param secondary the secondary certificate, or null
         * @throws IllegalArgumentException if one does not parse as X.509 (the message names which)
         */
        public X509Certificates {
            Objects.requireNonNull(primary, "primary certificate");
            parse(primary, "primary certificate");
            if (secondary != null) {
                parse(secondary, "secondary certificate");
            }
        }

        /**
         * Returns when the primary certificate expires.
         *
         * @return its notAfter
         */
        public Instant primaryExpiry() {
            return parse(primary, "primary certificate").getNotAfter().toInstant();
        }

        /**
         * Returns the primary certificate's subject common name: for a device's own certificate, its registration
         * id.
         *
         * @return the CN, or the whole subject when it has no CN
         */
        public String primarySubjectCommonName() {
            String subject = parse(primary, "primary certificate").getSubjectX500Principal().getName();
            for (String part : subject.split(",")) {
                if (part.trim().startsWith("CN=")) {
                    return part.trim().substring(3);
                }
            }
            return subject;
        }

        static X509Certificate parse(String text, String field) {
            String body = text.trim();
            byte[] der;
            try {
                if (body.startsWith("-----BEGIN CERTIFICATE-----")) {
                    body = body.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
                }
                der = Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
            } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
                throw new IllegalArgumentException(field + " is not an X.509 certificate in PEM or Base64 DER ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public String type() {
            return "x509";
        }
    }

    /**
     * References to CA certificates uploaded and verified in DPS, by name (enrollment groups).
     *
     * @param primary the primary CA certificate's name in DPS
     * @param secondary the secondary one's, or null
     */
    record X509CaReferences(String primary, String secondary) implements Attestation {

        /**
         * Checks the names.
         *
         * @param primary the primary name, not empty
         * @param secondary the secondary name, or null
         * @throws IllegalArgumentException if a name is empty
         */
        public X509CaReferences {
            Objects.requireNonNull(primary, "primary CA reference");
            if (primary.isEmpty() || (secondary != null && secondary.isEmpty())) {
                throw new IllegalArgumentException("a CA reference names a certificate in DPS; it is not empty");
            }
        }

        @Override
        public String type() {
            return "x509";
        }
    }

    /**
     * A TPM's endorsement key, and optionally its storage root key, both Base64 (individual enrollments only).
     *
     * @param endorsementKey the endorsement key
     * @param storageRootKey the storage root key, or null
     */
    record Tpm(String endorsementKey, String storageRootKey) implements Attestation {

        /**
         * Checks the keys are Base64.
         *
         * @param endorsementKey the endorsement key
         * @param storageRootKey the storage root key, or null
         * @throws IllegalArgumentException if a key is empty or not Base64 (the message names which)
         */
        public Tpm {
            Objects.requireNonNull(endorsementKey, "endorsement key");
            checkBase64(endorsementKey, "TPM endorsement key");
            if (storageRootKey != null) {
                checkBase64(storageRootKey, "TPM storage root key");
            }
        }

        private static void checkBase64(String s, String field) {
            try {
                if (s.isEmpty() || Base64.getDecoder().decode(s).length == 0) {
                    throw new IllegalArgumentException(field + " is empty");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " is not Base64");
            }
        }

        @Override
        public String type() {
            return "tpm";
        }
    }
}
