package dev.fleetops.testkit.emulator;

import dev.fleetops.core.azure.AzureIotHub;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Instant;

/**
 * A JUnit 5 extension that gives each test a fresh local IoT hub: an {@link EmbeddedHub} on a {@link VirtualClock},
 * the {@link IotHubEmulator} serving it over HTTPS on loopback, the JVM's trust of the emulator's test certificate
 * ({@link TestTls}), and an {@link AzureIotHub} connected to it through Microsoft's SDK. All of it starts before
 * each test and is closed after it, trust undone, whatever the test did.
 *
 * <pre>{@code
 * @ExtendWith(IotHubEmulatorExtension.class)
 * class MyBackendTest {
 *     @Test
 *     void registers(AzureIotHub azure, EmbeddedHub state, IotHubEmulator emulator) {
 *         azure.registry().create(Device.of(DeviceId.of("d1")));
 *         assertThat(state.registry().get(DeviceId.of("d1"))).isNotNull();
 *     }
 * }
 * }</pre>
 *
 * <p>Test methods (and constructors) may declare parameters of type {@link AzureIotHub}, {@link IotHubEmulator},
 * {@link EmbeddedHub} and {@link VirtualClock}. Tests that use the extension must not run in parallel with each
 * other, since the JVM's default TLS trust is global. Stateless itself; the per-test state lives in JUnit's store.
 */
public final class IotHubEmulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The connection string the {@link AzureIotHub} of each test uses: the emulator's policy and key. */
    public static final String CONNECTION_STRING = "HostName=emulated-hub.azure-devices.net;SharedAccessKeyName="
            + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY;

    /** The virtual time each test starts at. */
    public static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(IotHubEmulatorExtension.class);

    /** Creates the extension; JUnit does, through {@code @ExtendWith}. */
    public IotHubEmulatorExtension() {
    }

    /** The hub, emulator and backend of one test, closed in reverse order. */
    private static final class Local implements AutoCloseable {
        final VirtualClock clock = VirtualClock.startingAt(START);
        final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        final IotHubEmulator emulator;
        final AzureIotHub azure;

        Local() {
            TestTls.install();
            IotHubEmulator started = null;
            try {
                started = IotHubEmulator.start(hub);
                azure = AzureIotHub.builder().connectionString(CONNECTION_STRING).endpoint(started.hostName())
                        .build();
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

    private static Local local(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Local.class, k -> new Local(), Local.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        local(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Local l = context.getStore(NAMESPACE).remove(Local.class, Local.class);
        if (l != null) {
            l.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == AzureIotHub.class || type == IotHubEmulator.class || type == EmbeddedHub.class
                || type == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Local l = local(extension);
        Class<?> type = parameter.getParameter().getType();
        if (type == AzureIotHub.class) {
            return l.azure;
        }
        if (type == IotHubEmulator.class) {
            return l.emulator;
        }
        if (type == EmbeddedHub.class) {
            return l.hub;
        }
        return l.clock;
    }
}
