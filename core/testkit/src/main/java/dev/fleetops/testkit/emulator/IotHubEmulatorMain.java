package dev.fleetops.testkit.emulator;

import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.DeviceContext;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the IoT Hub emulator on its own, for trying the Azure SDK, a REST client or curl against a simulated fleet:
 * an {@link EmbeddedHub} on the system clock with a {@link FleetSimulator}, behind an {@link IotHubEmulator}. It
 * prints the host, a SAS token, the certificate and trust store to use, then serves until the process is killed.
 *
 * <p>Arguments: {@code --port N} (HTTPS port on 127.0.0.1; default 8443, 0 picks a free one), {@code --devices N}
 * (simulated devices, default 100), {@code --tier S1:1} (enforce a tier's throttles, e.g. {@code S2:4}; default
 * none), {@code --seed N} (the fleet's random source, default 42).
 *
 * <p>From the repository root ({@code exec.skip=false} lifts the reactor's default skip of exec:java in the testkit,
 * which names this class as its main):
 *
 * <pre>
 * mvn -q -pl core/testkit -am compile exec:java -Dexec.skip=false -Dexec.args="--port 8443 --devices 1000"
 * </pre>
 *
 * <p>The simulated devices run a {@link FirmwareAgent} on {@code properties.desired.firmware.version} and answer
 * the direct methods {@code reboot} and {@code ping}; about one in twenty is offline. Not thread-safe; a program.
 */
public final class IotHubEmulatorMain {

    private static final String[] REGIONS = {"eu", "us", "asia"};
    private static final String[] MODELS = {"sensor-a", "sensor-b", "gateway-x"};
    private static final String[] VERSIONS = {"1.0.0", "1.1.0", "1.2.0"};

    private IotHubEmulatorMain() {
    }

    /** Parsed command line. */
    record Options(int port, int devices, Optional<HubTier> tier, long seed) {
        Options {
            Objects.requireNonNull(tier, "tier");
        }
    }

    /**
     * Starts the emulator and serves until the process is killed.
     *
     * @param args {@code --port N}, {@code --devices N}, {@code --tier S1:1}, {@code --seed N}
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("iothub-emulator: " + e.getMessage());
            System.err.println("usage: IotHubEmulatorMain [--port N] [--devices N] [--tier S1:1] [--seed N]");
            System.exit(2);
            return;
        }
        IotHubEmulator emulator = start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "iothub-emulator-shutdown"));
        stopped.await();
    }

    static Options parse(String[] args) {
        int port = 8443;
        int devices = 100;
        Optional<HubTier> tier = Optional.empty();
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--port":
                    port = number(name, value, 0, 65535);
                    break;
                case "--devices":
                    devices = number(name, value, 0, 1_000_000);
                    break;
                case "--tier":
                    tier = Optional.of(tier(value));
                    break;
                case "--seed":
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed '" + value + "' is not a number", e);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + name + "'");
            }
        }
        return new Options(port, devices, tier, seed);
    }

    private static int number(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " is " + n + "; it must be " + min + " to " + max);
        }
        return n;
    }

    private static HubTier tier(String value) {
        String[] parts = value.toUpperCase(Locale.ROOT).split(":", 2);
        try {
            HubTier.Sku sku = HubTier.Sku.valueOf(parts[0]);
            int units = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
            return new HubTier(sku, units);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tier '" + value + "' is not SKU:UNITS such as S1:1 (" + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * Builds the hub and fleet, starts the emulator and prints how to reach it.
     *
     * @param options the parsed arguments
     * @param out where to print
     * @return the running emulator; the caller closes it
     */
    static IotHubEmulator start(Options options, PrintStream out) {
        EmbeddedHub.Builder hb = EmbeddedHub.builder().seed(options.seed());
        options.tier().ifPresent(hb::tier);
        EmbeddedHub hub = hb.build();
        FleetSimulator sim = FleetSimulator.attach(hub, options.seed());
        sim.defaultBehaviour(new SampleDevice(FirmwareAgent.builder().applyDelay(Duration.ofSeconds(20)).build()));
        populate(hub, sim, options.devices(), options.seed());
        IotHubEmulator emulator = IotHubEmulator.builder(hub).port(options.port()).seed(options.seed())
                .recordExchanges(false).threads(32).start();
        TestCertificate cert = emulator.certificate();
        out.println("FleetOps IoT Hub emulator: api-version " + IotHubEmulator.API_VERSION + ", " + options.devices()
                + " simulated devices" + options.tier().map(t -> ", " + t.sku() + " x" + t.units() + " throttles")
                .orElse(", no throttles"));
        out.println("host:         " + emulator.hostName());
        out.println("base URL:     " + emulator.baseUrl());
        out.println("SAS token:    " + emulator.sasToken());
        out.println("connection string (shape only): HostName=localhost;SharedAccessKeyName="
                + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY);
        out.println("  The Azure SDK's connection strings cannot carry a port (HostName must match"
                + " [a-zA-Z0-9_\\-\\.]+), so build its clients with the host and the SAS token instead:");
        out.println("  new RegistryClient(\"" + emulator.hostName() + "\", new AzureSasCredential(\"<SAS token>\"))");
        out.println("certificate:  " + cert.pem() + " (PEM; SAN localhost, 127.0.0.1)");
        out.println("trust store:  " + cert.trustStore() + " (" + TestCertificate.STORE_TYPE + ", password "
                + cert.password() + ")");
        out.println("  JVM clients: -Djavax.net.ssl.trustStore=" + cert.trustStore()
                + " -Djavax.net.ssl.trustStorePassword=" + cert.password() + " -Djavax.net.ssl.trustStoreType="
                + TestCertificate.STORE_TYPE);
        out.println("  curl:        curl --cacert " + cert.pem() + " -H \"Authorization: <SAS token>\" \""
                + emulator.baseUrl() + "/statistics/devices?api-version=" + IotHubEmulator.API_VERSION + "\"");
        out.println("Serving until killed (Ctrl+C).");
        out.flush();
        return emulator;
    }

    /** A varied fleet: regions, sites, models, rings, rollout buckets, firmware versions; some devices offline. */
    static void populate(EmbeddedHub hub, FleetSimulator sim, int count, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            DeviceId id = DeviceId.of(String.format(Locale.ROOT, "sim-%05d", i));
            String version = VERSIONS[random.nextInt(VERSIONS.length)];
            PropertyTree tags = PropertyTree.builder()
                    .put("region", REGIONS[i % REGIONS.length])
                    .put("site", "plant-" + (1 + random.nextInt(9)))
                    .put("model", MODELS[random.nextInt(MODELS.length)])
                    .put("ring", i % 20 == 0 ? "canary" : "main")
                    .put("fleetops.bucket", Math.floorMod(id.value().hashCode(), 1000))
                    .build();
            PropertyTree reported = PropertyTree.builder()
                    .put("firmware.version", version)
                    .put("firmware.state", FirmwareAgent.CURRENT)
                    .put("telemetryIntervalSeconds", 30 + 30 * random.nextInt(4))
                    .put("battery", Math.round(random.nextDouble() * 1000) / 10.0)
                    .build();
            PropertyTree desired = random.nextInt(4) == 0
                    ? PropertyTree.builder().put("firmware.version", version).build() : PropertyTree.empty();
            boolean offline = random.nextInt(20) == 0;
            hub.load(Twin.builder(id)
                    .tags(tags)
                    .desired(desired)
                    .desiredVersion(desired.isEmpty() ? 1 : 2)
                    .reported(reported)
                    .reportedVersion(5)
                    .version(7)
                    .connectionState(offline ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED)
                    .lastActivityTime(offline ? Device.NEVER : hub.clock().instant())
                    .build());
            if (offline) {
                sim.setOnline(id, false);
            }
        }
    }

    /** A firmware agent that also answers {@code reboot} and {@code ping}. Stateless; shared by all devices. */
    private static final class SampleDevice implements DeviceBehaviour {
        private final FirmwareAgent firmware;

        SampleDevice(FirmwareAgent firmware) {
            this.firmware = firmware;
        }

        @Override
        public void onDesiredChange(DeviceContext device, Twin twin) {
            firmware.onDesiredChange(device, twin);
        }

        @Override
        public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
            switch (invocation.methodName()) {
                case "reboot":
                    return new MethodAnswer(new MethodResult(200, "{\"rebooting\":true}"), Duration.ofMillis(50));
                case "ping":
                    return MethodAnswer.now(new MethodResult(200, "{\"pong\":\"" + device.now() + "\"}"));
                default:
                    return DeviceBehaviour.super.onMethod(device, invocation);
            }
        }
    }
}
