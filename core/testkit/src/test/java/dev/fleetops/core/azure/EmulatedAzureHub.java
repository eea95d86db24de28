package dev.fleetops.core.azure;

import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.testkit.emulator.IotHubEmulator;
import dev.fleetops.testkit.emulator.TestTls;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;

import javax.net.ssl.SSLContext;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * An {@link AzureIotHub} talking through the real SDK to an {@link IotHubEmulator} over an {@link EmbeddedHub} on a
 * virtual clock, with a simulator attached. The JVM trusts the emulator's certificate while it is open, through
 * {@link TestTls}: the SDK's {@code HttpsURLConnection}s by the default socket factory, the adapter's
 * {@code HttpClient} by the default {@link SSLContext}. Not thread-safe; one per test.
 */
final class EmulatedAzureHub implements AutoCloseable {

    static final String CONNECTION_STRING = "HostName=test-hub.azure-devices.net;SharedAccessKeyName="
            + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY;

    final VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-01-05T10:00:00Z"));
    final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    final FleetSimulator simulator = FleetSimulator.attach(hub);
    final IotHubEmulator emulator;
    final AzureIotHub azure;

    EmulatedAzureHub() {
        this(b -> b);
    }

    /** Starts the emulator and builds the backend with extra settings. */
    EmulatedAzureHub(UnaryOperator<AzureIotHub.Builder> settings) {
        this(e -> e, settings);
    }

    /**
     * Starts the emulator with extra settings and builds the backend with extra settings. If either fails, the
     * emulator is stopped and the trust undone before the failure propagates.
     */
    EmulatedAzureHub(UnaryOperator<IotHubEmulator.Builder> emulatorSettings,
                     UnaryOperator<AzureIotHub.Builder> settings) {
        TestTls.install();
        IotHubEmulator started = null;
        try {
            started = emulatorSettings.apply(IotHubEmulator.builder(hub)).start();
            azure = settings.apply(AzureIotHub.builder()
                    .connectionString(CONNECTION_STRING)
                    .endpoint(started.hostName())
                    .connectTimeoutSeconds(5)
                    .readTimeoutSeconds(10)).build();
        } catch (RuntimeException | Error e) {
            if (started != null) {
                started.close();
            }
            TestTls.uninstall();
            throw e;
        }
        emulator = started;
    }

    @Override
    public void close() {
        try {
            azure.close();
            emulator.close();
        } finally {
            TestTls.uninstall();
        }
    }
}
