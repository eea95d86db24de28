package dev.fleetops.samples;

import dev.fleetops.core.model.ETag;
import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.AuditSink;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.azure.AzureIotHub;
import dev.fleetops.testkit.emulator.IotHubEmulator;
import dev.fleetops.testkit.emulator.TestTls;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.HubStatistics;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.DeviceRegistry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Azure path end to end, on one machine: {@link FleetClient} over {@link AzureIotHub} over the local IoT Hub
 * emulator (fleetops-testkit's {@link IotHubEmulator}, HTTPS on loopback) over an {@link EmbeddedHub} without a tier,
 * so nothing throttles. Prints two measurements:
 * <ol>
 *   <li><b>Bulk create</b> of N identities through {@code FleetClient.devices().bulk}: elapsed time, identities per
 *       second, and the number of bulk REST calls the hub received, which must be {@code ceil(N / 100)} (the program
 *       throws otherwise); then the registry statistics must count N devices.</li>
 *   <li><b>Twin patches per second</b>: M unconditional desired-property patches (one per device, a new
 *       {@code firmware.version}) through {@code FleetClient.twins().patch}, against the loops a user would write
 *       with the SDK's {@code TwinClient} on the same emulator: {@code patch} of a twin built locally (the SDK allows
 *       a patch without reading the twin first; the same single request FleetClient sends), and the get, set,
 *       patch loop of the SDK's own {@code DeviceTwinSample}. A fourth row calls {@code AzureIotHub.twins().patch}
 *       directly, to split FleetClient's own cost from the adapter's transport. Each side is warmed up for
 *       {@value #WARM_UP_ROUNDS} untimed rounds, then timed {@value #PASSES} times, the order rotating from pass to
 *       pass; the median is printed. Afterwards every device's desired {@code $version} must have risen by exactly
 *       the number of patches sent to it, and hold the last version sent.</li>
 * </ol>
 * The numbers are our overhead against the raw SDK's over loopback TLS, not what a real hub sustains: a real hub adds
 * network latency and throttles at its tier's quotas.
 *
 * <p>The client's audit trail goes to an in-memory counter rather than the default slf4j sink, so that the timing
 * measures the client rather than console output; the records are still built for every call. A call listener that
 * counts attempts, ended calls and their latency is installed, as a metrics binder would be.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.AzureBenchmark
 * -Dexec.args="10000 2000"} (the emulator comes from {@code fleetops-testkit}).
 */
public final class AzureBenchmark {

    private static final String CONNECTION_STRING = "HostName=test-hub.azure-devices.net;SharedAccessKeyName="
            + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY;
    private static final int WARM_UP_IDENTITIES = 1_000;
    // Measured: with 200 warm-up patches per side, rates still doubled over the next passes (the JIT on both ends
    // of the loopback, client and emulator, on the same cores); they level off after about 40,000 requests.
    private static final int WARM_UP_ROUNDS = 5;
    private static final int PASSES = 5;

    private AzureBenchmark() {
    }

    /** One way of sending a desired-property patch for one device. */
    @FunctionalInterface
    private interface PatchCall {
        void patch(DeviceId id, String version) throws Exception;
    }

    private record Side(String name, String perDevice, PatchCall call) {
    }

    /** Counts audit records; cheap and thread-safe, like an application's asynchronous sink. */
    /** A call listener as a metrics binder would be: counters updated on every event, nothing else. */
    private static final class CountingListener implements CallListener {
        private final LongAdder attempts = new LongAdder();
        private final LongAdder ended = new LongAdder();
        private final LongAdder latencyNanos = new LongAdder();

        @Override
        public void onAttemptStarted(CallEvent.AttemptStarted event) {
            attempts.increment();
        }

        @Override
        public void onCallEnded(CallEvent.CallEnded event) {
            ended.increment();
            latencyNanos.add(event.latency().toNanos());
        }
    }

    private static final class CountingAuditSink implements AuditSink {
        private final LongAdder records = new LongAdder();

        @Override
        public void record(AuditRecord record) {
            records.increment();
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional identity count N (default 10,000) and patch count M (default 2,000, at most N)
     * @throws IllegalArgumentException if the counts are out of range
     * @throws IllegalStateException if a check fails: the bulk call count, the registry count, or a twin whose
     *     desired version did not rise by exactly the patches sent to it
     */
    public static void main(String[] args) {
        int identities = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int patches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        if (identities < 1 || patches < 1 || patches > identities) {
            throw new IllegalArgumentException("want 1 <= patches <= identities (one patch per device); got "
                    + identities + " identities and " + patches + " patches");
        }
        TestTls.install();
        // The hub runs on the system clock: the emulator is a real server, and these are wall-clock numbers.
        try (EmbeddedHub hub = EmbeddedHub.builder().build();
             IotHubEmulator emulator = IotHubEmulator.builder(hub).recordExchanges(false).start();
             AzureIotHub azure = AzureIotHub.builder()
                     .connectionString(CONNECTION_STRING)
                     .endpoint(emulator.hostName())
                     .build()) {
            CountingAuditSink audit = new CountingAuditSink();
            CountingListener listener = new CountingListener();
            FleetClient client = FleetClient.builder().hub(azure).auditSink(audit).callListener(listener).build();
            TwinClient sdk = new TwinClient(emulator.hostName(), new AzureSasCredential(emulator.sasToken()));

            printMachine(args, identities, patches, emulator);
            bulkCreate(client, hub, identities);
            twinPatches(client, azure, sdk, hub, patches);
            printf("audit records built by FleetClient: %,d%n", audit.records.sum());
            printf("call listener installed: %,d attempts started, %,d calls ended, %,d ms total latency heard%n",
                    listener.attempts.sum(), listener.ended.sum(), listener.latencyNanos.sum() / 1_000_000);
        } finally {
            TestTls.uninstall();
        }
    }

    private static void printMachine(String[] args, int identities, int patches, IotHubEmulator emulator) {
        String launched = System.getProperty("sun.java.command", "");
        String launcher = "org.codehaus.plexus.classworlds.launcher.Launcher ";
        String command = launched.startsWith(launcher) ? "mvn " + launched.substring(launcher.length())
                : "java " + launched;
        printf("java %s (%s), %d cores, max heap %d MB, %s %s, %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.arch"), LocalDate.now());
        printf("command: %s%n", command);
        printf("main: %s %s%n", AzureBenchmark.class.getName(), String.join(" ", args));
        printf("N = %,d identities, M = %,d patches; FleetClient -> AzureIotHub -> emulator at %s"
                + " (loopback TLS) -> EmbeddedHub (no tier)%n", identities, patches, emulator.hostName());
    }

    // ---- 1. bulk create ----------------------------------------------------------------------------------------

    private static void bulkCreate(FleetClient client, EmbeddedHub hub, int identities) {
        // Warm-up, not timed: the first TLS handshake, class loading and the JIT; the identities are deleted again.
        List<BulkOperation> warmCreate = new ArrayList<>();
        List<BulkOperation> warmDelete = new ArrayList<>();
        for (int i = 0; i < WARM_UP_IDENTITIES; i++) {
            DeviceId id = DeviceId.of(String.format(Locale.ROOT, "warm-up-%04d", i));
            warmCreate.add(BulkOperation.create(Device.of(id)));
            warmDelete.add(BulkOperation.delete(id));
        }
        requireSuccess("warm-up create", client.devices().bulk(warmCreate));
        requireSuccess("warm-up delete", client.devices().bulk(warmDelete));

        List<BulkOperation> ops = new ArrayList<>(identities);
        for (int i = 0; i < identities; i++) {
            ops.add(BulkOperation.create(Device.of(SampleFleet.id(i))));
        }
        long callsBefore = hub.statistics().requests(OperationClass.REGISTRY);
        long t0 = System.nanoTime();
        BulkResult result = client.devices().bulk(ops);
        long t1 = System.nanoTime();
        long calls = hub.statistics().requests(OperationClass.REGISTRY) - callsBefore;
        requireSuccess("bulk create", result);
        long expected = (identities + DeviceRegistry.MAX_BULK - 1) / DeviceRegistry.MAX_BULK;
        if (calls != expected) {
            throw new IllegalStateException("the hub received " + calls + " registry calls for a bulk create of "
                    + identities + " identities; expected ceil(" + identities + " / " + DeviceRegistry.MAX_BULK
                    + ") = " + expected);
        }
        RegistryStatistics registry = client.devices().statistics();
        if (registry.totalDevices() != identities) {
            throw new IllegalStateException("the registry counts " + registry.totalDevices() + " devices after a bulk"
                    + " create of " + identities);
        }
        double millis = (t1 - t0) / 1e6;
        System.out.println();
        System.out.println("== 1. Bulk create through FleetClient.devices().bulk");
        printf("bulk calls received by the hub: %d = ceil(%d / %d): OK%n", calls, identities,
                DeviceRegistry.MAX_BULK);
        printf("registry statistics: %,d devices (%,d enabled): OK%n", registry.totalDevices(),
                registry.enabledDevices());
        printf("| identities | bulk calls | elapsed ms | identities/s | ms per call |%n");
        printf("|---:|---:|---:|---:|---:|%n");
        printf("| %,d | %,d | %,.0f | %,.0f | %.1f |%n", identities, calls, millis,
                identities / (millis / 1000), millis / calls);
    }

    private static void requireSuccess(String what, BulkResult result) {
        if (!result.successful()) {
            throw new IllegalStateException(what + " failed for " + result.errors().size() + " devices, first: "
                    + result.errors().get(0));
        }
    }

    // ---- 2. twin patches ---------------------------------------------------------------------------------------

    private static void twinPatches(FleetClient client, AzureIotHub azure, TwinClient sdk, EmbeddedHub hub,
                                    int patches) {
        List<Side> sides = List.of(
                new Side("FleetClient.twins().patch", "1 PATCH",
                        (id, v) -> client.twins().patch(id, TwinPatch.builder().desired("firmware.version", v)
                                .build())),
                new Side("AzureIotHub.twins().patch", "1 PATCH (the adapter alone, no FleetClient)",
                        (id, v) -> azure.twins().patch(id, TwinPatch.builder().desired("firmware.version", v).build(),
                                ETag.ANY)),
                new Side("SDK TwinClient.patch", "1 PATCH of a locally built Twin",
                        (id, v) -> {
                            com.microsoft.azure.sdk.iot.service.twin.Twin twin =
                                    new com.microsoft.azure.sdk.iot.service.twin.Twin(id.value());
                            twin.getDesiredProperties().put("firmware", firmware(v));
                            sdk.patch(twin);
                        }),
                new Side("SDK get + set + patch", "GET, then PATCH of the read Twin",
                        (id, v) -> {
                            com.microsoft.azure.sdk.iot.service.twin.Twin twin = sdk.get(id.value());
                            twin.getDesiredProperties().put("firmware", firmware(v));
                            sdk.patch(twin);
                        }));

        int[] sent = new int[patches];
        String[] last = new String[patches];
        long[] versionBefore = new long[patches];
        for (int i = 0; i < patches; i++) {
            versionBefore[i] = hub.twins().get(SampleFleet.id(i)).desiredVersion();
        }

        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (int k = 0; k < sides.size(); k++) {
                int s = (round + k) % sides.size();
                run(sides.get(s), patches, "0." + round + "." + s, sent, last);
            }
        }

        CallStatistics clientBefore = client.statistics().of(OperationClass.TWIN_UPDATE);
        double[][] rates = new double[sides.size()][PASSES];
        double[] requestsPerPatch = new double[sides.size()];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int k = 0; k < sides.size(); k++) {
                int s = (pass + k) % sides.size();
                HubStatistics before = hub.statistics();
                long t0 = System.nanoTime();
                run(sides.get(s), patches, (pass + 1) + "." + s + ".0", sent, last);
                long t1 = System.nanoTime();
                HubStatistics after = hub.statistics();
                rates[s][pass] = patches / ((t1 - t0) / 1e9);
                long requests = after.requests(OperationClass.TWIN_UPDATE) - before.requests(OperationClass.TWIN_UPDATE)
                        + after.requests(OperationClass.TWIN_READ) - before.requests(OperationClass.TWIN_READ);
                requestsPerPatch[s] = Math.max(requestsPerPatch[s], requests / (double) patches);
            }
        }
        CallStatistics clientAfter = client.statistics().of(OperationClass.TWIN_UPDATE);

        long total = 0;
        for (int i = 0; i < patches; i++) {
            DeviceId id = SampleFleet.id(i);
            Twin twin = hub.twins().get(id);
            long rose = twin.desiredVersion() - versionBefore[i];
            if (rose != sent[i]) {
                throw new IllegalStateException("device " + id + ": desired $version rose by " + rose + " after "
                        + sent[i] + " patches");
            }
            String version = twin.desired().getString("firmware.version").orElse("(none)");
            if (!version.equals(last[i])) {
                throw new IllegalStateException("device " + id + ": desired firmware.version is " + version
                        + ", the last patch sent " + last[i]);
            }
            total += sent[i];
        }

        double fleetMedian = median(rates[0]);
        System.out.println();
        printf("== 2. Twin patches: %,d unconditional desired-property patches per pass, one per device,"
                + " {\"firmware\":{\"version\":...}}%n", patches);
        printf("warm-up: %d untimed rounds of %,d patches per side; then %d timed passes per side, in rotating"
                + " order; median shown%n", WARM_UP_ROUNDS, patches, PASSES);
        System.out.println("raw SDK loops, on TwinClient(\"localhost:<port>\", new AzureSasCredential(sasToken)):");
        System.out.println("  SDK TwinClient.patch:  twin = new Twin(id); twin.getDesiredProperties().put(\"firmware\","
                + " {version}); client.patch(twin)  -- no get: the SDK allows it, and it is the one PATCH that"
                + " FleetClient sends");
        System.out.println("  SDK get + set + patch: twin = client.get(id);"
                + " twin.getDesiredProperties().put(\"firmware\", {version}); client.patch(twin)"
                + "  -- the loop of the SDK's own DeviceTwinSample");
        printf("| path | requests per device | patches/s (median) | passes | hub requests per patch"
                + " | vs FleetClient |%n");
        printf("|---|---|---:|---|---:|---:|%n");
        for (int s = 0; s < sides.size(); s++) {
            double m = median(rates[s]);
            StringBuilder passes = new StringBuilder();
            for (double r : rates[s]) {
                passes.append(passes.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", r));
            }
            printf("| %s | %s | %,.0f | %s | %.2f | %.2f |%n", sides.get(s).name(),
                    sides.get(s).perDevice(), m, passes, requestsPerPatch[s], m / fleetMedian);
        }
        printf("FleetClient TWIN_UPDATE in the timed passes: %,d calls, %,d attempts, %,d retries%n",
                clientAfter.calls() - clientBefore.calls(), clientAfter.attempts() - clientBefore.attempts(),
                clientAfter.retries() - clientBefore.retries());
        printf("exactly-once check: %,d patches to %,d devices, every desired $version rose by exactly"
                + " the patches sent to it and holds the last version sent: OK%n", total, patches);
    }

    private static TwinCollection firmware(String version) {
        TwinCollection firmware = new TwinCollection();
        firmware.put("version", version);
        return firmware;
    }

    private static void run(Side side, int count, String version, int[] sent, String[] last) {
        for (int i = 0; i < count; i++) {
            try {
                side.call().patch(SampleFleet.id(i), version);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(side.name() + " failed for " + SampleFleet.id(i) + ": " + e, e);
            }
            sent[i]++;
            last[i] = version;
        }
    }

    /** Prints with {@link Locale#ROOT}, so the output (and the smoke test reading it) is the same everywhere. */
    private static void printf(String format, Object... args) {
        System.out.print(String.format(Locale.ROOT, format, args));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
