package dev.fleetops.testkit.emulator;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Makes a test JVM trust the emulator's {@link TestCertificate} in addition to the default certificate authorities.
 *
 * <p>The Azure IoT service SDK opens its connections with {@link HttpsURLConnection} and accepts no
 * {@link SSLContext}, so trust has to be JVM-global: {@link #install()} replaces
 * {@link HttpsURLConnection#setDefaultSSLSocketFactory the default SSL socket factory} and
 * {@link SSLContext#setDefault the default SSL context} (which {@code java.net.http.HttpClient}s built afterwards
 * without an explicit context use), and {@link #uninstall()} restores both. Code that builds its own
 * {@code HttpClient} can pass {@link #sslContext()} to the builder instead. Host names are still verified: the
 * certificate names {@code localhost} and {@code 127.0.0.1}.
 *
 * <p><b>JVM-global state:</b> emulator tests must not run in parallel threads with tests that set their own
 * default socket factory. Methods are thread-safe (synchronized); the installed factory is shared by all threads.
 */
public final class TestTls {

    private static SSLContext context;
    private static X509TrustManager trustManager;
    private static SSLSocketFactory previous;
    private static SSLContext previousDefault;
    private static int installs;

    private TestTls() {
    }

    /**
     * Returns an SSL context that trusts the default certificate authorities and the emulator's certificate.
     *
     * @return the context, created once per JVM
     * @throws IllegalStateException if the certificate cannot be generated or loaded
     */
    public static synchronized SSLContext sslContext() {
        if (context == null) {
            trustManager = createTrustManager(TestCertificate.get());
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {trustManager}, null);
                context = ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not build an SSL context trusting the emulator: " + e, e);
            }
        }
        return context;
    }

    /**
     * Returns the trust manager behind {@link #sslContext()}, for HTTP clients that take one (OkHttp, Netty).
     *
     * @return a trust manager for the default certificate authorities and the emulator's certificate
     * @throws IllegalStateException if the certificate cannot be generated or loaded
     */
    public static synchronized X509TrustManager trustManager() {
        sslContext();
        return trustManager;
    }

    /**
     * Makes {@link HttpsURLConnection} (and so the Azure SDK's HTTP clients) and the default {@link SSLContext}
     * trust the emulator. Calls nest: each
     * {@code install()} needs one {@link #uninstall()}, and the previous factory comes back after the last one.
     *
     * @throws IllegalStateException if the certificate cannot be generated or loaded
     */
    public static synchronized void install() {
        if (installs == 0) {
            previous = HttpsURLConnection.getDefaultSSLSocketFactory();
            try {
                previousDefault = SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM has no default SSL context: " + e, e);
            }
            HttpsURLConnection.setDefaultSSLSocketFactory(sslContext().getSocketFactory());
            SSLContext.setDefault(sslContext());
        }
        installs++;
    }

    /** Undoes one {@link #install()}; after the last one the previous default socket factory is restored. */
    public static synchronized void uninstall() {
        if (installs == 0) {
            return;
        }
        installs--;
        if (installs == 0) {
            HttpsURLConnection.setDefaultSSLSocketFactory(previous);
            SSLContext.setDefault(previousDefault);
            previous = null;
            previousDefault = null;
        }
    }

    /**
     * Tells whether {@link #install()} is in effect.
     *
     * @return true between an install and its last uninstall
     */
    public static synchronized boolean isInstalled() {
        return installs > 0;
    }

    private static X509TrustManager createTrustManager(TestCertificate cert) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    for (X509Certificate ca : ((X509TrustManager) tm).getAcceptedIssuers()) {
                        trust.setCertificateEntry("default-ca-" + i++, ca);
                    }
                }
            }
            trust.setCertificateEntry(TestCertificate.ALIAS, cert.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    return (X509TrustManager) tm;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build an SSL context trusting the emulator: " + e, e);
        }
    }
}
