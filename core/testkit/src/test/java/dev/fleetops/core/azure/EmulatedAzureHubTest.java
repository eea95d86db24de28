package dev.fleetops.core.azure;

import dev.fleetops.testkit.emulator.TestTls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test fixture itself: the JVM-global trust it installs must not outlive it, even when it fails to start. */
class EmulatedAzureHubTest {

    @BeforeEach
    void noTrustInstalled() {
        assertThat(TestTls.isInstalled()).as("trust left installed by an earlier test").isFalse();
    }

    @Test
    void close_restoresTheDefaultSslContextAndTrust() throws Exception {
        SSLContext before = SSLContext.getDefault();

        try (EmulatedAzureHub env = new EmulatedAzureHub()) {
            assertThat(TestTls.isInstalled()).isTrue();
            assertThat(SSLContext.getDefault()).isSameAs(TestTls.sslContext());
            assertThat(env.azure.registry().statistics().totalDevices()).isZero();
        }

        assertThat(TestTls.isInstalled()).isFalse();
        assertThat(SSLContext.getDefault()).isSameAs(before);
    }

    @Test
    void backendFailsToBuild_trustIsUndoneAndTheEmulatorStopped() throws Exception {
        SSLContext before = SSLContext.getDefault();
        AtomicReference<String> settings = new AtomicReference<>();

        assertThatThrownBy(() -> new EmulatedAzureHub(b -> {
            settings.set(b.toString());
            return b.readTimeoutSeconds(0);
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(TestTls.isInstalled()).isFalse();
        assertThat(SSLContext.getDefault()).isSameAs(before);
        Matcher port = Pattern.compile("endpoint=localhost:(\\d+)").matcher(settings.get());
        assertThat(port.find()).as("endpoint in %s", settings.get()).isTrue();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), 2000);
            }
        }).as("the emulator still listens").isInstanceOf(IOException.class);
    }
}
