package dev.fleetops.core.azure;

import dev.fleetops.core.VirtualClock;
import dev.fleetops.core.azure.emulator.IotHubEmulator;
import dev.fleetops.core.azure.emulator.TestTls;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * An {@link AzureIotHub} talking through the real SDK to an {@link IotHubEmulator} over an {@link EmbeddedHub} on a
 * virtual clock, with a simulator attached. The JVM trusts the emulator's certificate while it is open: the SDK's
 * {@code HttpsURLConnection}s through {@link TestTls}, the adapter's {@code HttpClient} through the default
 * {@link SSLContext}. Not thread-safe; one per test.
 */
final class EmulatedAzureHub implements AutoCloseable {

    static final String CONNECTION_STRING = "HostName=test-hub.azure-devices.net;SharedAccessKeyName="
            + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY;

    final VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-01-05T10:00:00Z"));
    final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    final FleetSimulator simulator = FleetSimulator.attach(hub);
    final IotHubEmulator emulator;
    final AzureIotHub azure;
    private final SSLContext previousDefault;

    EmulatedAzureHub() {
        this(b -> b);
    }

    EmulatedAzureHub(UnaryOperator<AzureIotHub.Builder> settings) {
        TestTls.install();
        try {
            previousDefault = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        SSLContext.setDefault(TestTls.sslContext());
        emulator = IotHubEmulator.start(hub);
        azure = settings.apply(AzureIotHub.builder()
                .connectionString(CONNECTION_STRING)
                .endpoint(emulator.hostName())
                .connectTimeoutSeconds(5)
                .readTimeoutSeconds(10)).build();
    }

    @Override
    public void close() {
        azure.close();
        emulator.close();
        SSLContext.setDefault(previousDefault);
        TestTls.uninstall();
    }
}
