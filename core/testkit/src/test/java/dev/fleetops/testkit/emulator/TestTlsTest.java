package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The test certificate and the JVM-wide trust that the SDK needs. */
class TestTlsTest {

    @Test
    void certificate_hasLocalhostAndLoopbackSubjectAlternativeNames() throws Exception {
        X509Certificate cert = TestCertificate.get().certificate();

        Collection<List<?>> sans = cert.getSubjectAlternativeNames();

        assertThat(sans).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        cert.checkValidity();
    }

    @Test
    void certificate_generatedOncePerJvmWithAllFiles() throws Exception {
        TestCertificate first = TestCertificate.get();

        assertThat(TestCertificate.get()).isSameAs(first);
        KeyStore ks = first.loadKeyStore();
        assertThat(ks.isKeyEntry(TestCertificate.ALIAS)).isTrue();
        KeyStore ts = first.loadTrustStore();
        assertThat(ts.getCertificate(TestCertificate.ALIAS)).isEqualTo(first.certificate());
        assertThat(first.pem()).exists();
    }

    @Test
    void installAndUninstall_nestAndRestoreThePreviousFactoryAndContext() throws Exception {
        SSLSocketFactory original = HttpsURLConnection.getDefaultSSLSocketFactory();
        javax.net.ssl.SSLContext originalContext = javax.net.ssl.SSLContext.getDefault();

        TestTls.install();
        TestTls.install();
        SSLSocketFactory installed = HttpsURLConnection.getDefaultSSLSocketFactory();
        javax.net.ssl.SSLContext installedContext = javax.net.ssl.SSLContext.getDefault();
        TestTls.uninstall();
        boolean stillInstalled = TestTls.isInstalled();
        SSLSocketFactory afterOne = HttpsURLConnection.getDefaultSSLSocketFactory();
        TestTls.uninstall();

        assertThat(installed).isNotSameAs(original);
        assertThat(stillInstalled).isTrue();
        assertThat(afterOne).isSameAs(installed);
        assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isSameAs(original);
        assertThat(installedContext).isSameAs(TestTls.sslContext());
        assertThat(javax.net.ssl.SSLContext.getDefault()).isSameAs(originalContext);
        assertThat(TestTls.isInstalled()).isFalse();
    }

    @Test
    void sslContext_trustsTheDefaultAuthoritiesToo() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        int defaults = ((javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers().length;

        X509Certificate[] trusted = TestTls.trustManager().getAcceptedIssuers();

        assertThat(TestTls.sslContext().getProtocol()).isEqualTo("TLS");
        assertThat(defaults).isPositive();
        assertThat(trusted).hasSize(defaults + 1).contains(TestCertificate.get().certificate());
    }
}
