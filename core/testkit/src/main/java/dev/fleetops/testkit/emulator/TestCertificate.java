package dev.fleetops.testkit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's TLS certificate: a self-signed RSA certificate whose subject alternative names are
 * {@code dns:localhost} and {@code ip:127.0.0.1}, generated once per JVM by the JDK's own {@code keytool} into a
 * temporary directory (nothing is committed or written by hand). The directory holds a PKCS12 key store for the
 * server, the certificate as PEM, and a PKCS12 trust store holding only the certificate; the files are deleted
 * when the JVM exits.
 *
 * <p>Obtain it with {@link #get()}. Instances are immutable and thread-safe; generation runs once, under a lock.
 *
 * @param directory the temporary directory that holds the files
 * @param keyStore the server's PKCS12 key store (alias {@value #ALIAS})
 * @param pem the certificate in PEM form
 * @param trustStore a PKCS12 trust store holding only the certificate
 * @param password the password of both stores and of the key
 * @param certificate the certificate itself
 */
public record TestCertificate(Path directory, Path keyStore, Path pem, Path trustStore, String password,
                              X509Certificate certificate) {

    /** The key store alias of the key pair. */
    public static final String ALIAS = "fleetops-emulator";

    /** The store type of both stores. */
    public static final String STORE_TYPE = "PKCS12";

    private static final String PASSWORD = "fleetops-emulator";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static TestCertificate instance;

    /**
     * Validates the record.
     *
     * @param directory the temporary directory that holds the files
     * @param keyStore the server's PKCS12 key store
     * @param pem the certificate in PEM form
     * @param trustStore a PKCS12 trust store holding only the certificate
     * @param password the password of both stores and of the key
     * @param certificate the certificate itself
     * @throws NullPointerException if a component is null
     */
    public TestCertificate {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * Returns this JVM's test certificate, generating it on first use (about a second: two {@code keytool} runs).
     *
     * @return the certificate and its files
     * @throws IllegalStateException if {@code keytool} is missing or fails
     */
    public static synchronized TestCertificate get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static TestCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("fleetops-emulator-tls-");
            Path ks = dir.resolve("emulator-keystore.p12");
            Path pem = dir.resolve("emulator-cert.pem");
            Path ts = dir.resolve("emulator-truststore.p12");
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost, OU=FleetOps IoT Hub emulator, O=FleetOps",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", STORE_TYPE, "-keystore", ks.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-storetype", STORE_TYPE, "-keystore", ks.toString(),
                    "-storepass", PASSWORD, "-file", pem.toString());
            keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", pem.toString(),
                    "-storetype", STORE_TYPE, "-keystore", ts.toString(), "-storepass", PASSWORD);
            for (Path p : List.of(dir, ks, pem, ts)) {
                p.toFile().deleteOnExit();
            }
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(pem)) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            return new TestCertificate(dir, ks, pem, ts, PASSWORD, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not generate the emulator's test certificate: " + e, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed with exit code " + p.exitValue() + ": "
                        + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running keytool " + args[0], e);
        }
    }

    /**
     * Loads the server key store.
     *
     * @return the key store, holding the key pair under {@value #ALIAS}
     * @throws IllegalStateException if the file cannot be read
     */
    public KeyStore loadKeyStore() {
        return load(keyStore);
    }

    /**
     * Loads the trust store.
     *
     * @return the trust store, holding only the certificate
     * @throws IllegalStateException if the file cannot be read
     */
    public KeyStore loadTrustStore() {
        return load(trustStore);
    }

    private KeyStore load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(STORE_TYPE);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read " + file + ": " + e, e);
        }
    }
}
