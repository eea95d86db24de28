package dev.fleetops.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples run as the README says; the benchmarks' own correctness checks pass on a small fleet. */
class SamplesTest {

    private static String run(ThrowingRunnable main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void quickStart_runs_andEveryUpdatedDeviceReachesTheNewVersion() throws Exception {
        String out = run(() -> QuickStart.main(new String[0]));
        assertThat(out).contains("10000 devices registered")
                .contains("Devices per reported firmware version")
                .contains("after 4 min: {current@2.0.0=10}")
                .contains("hub answered 429 0 times");
    }

    @Test
    void queryBenchmark_smallFleet_engineAndPredicatesAgree() throws Exception {
        String out = run(() -> QueryBenchmark.main(new String[] {"20000", "1"}));
        assertThat(out).contains("tag equality").contains("drift and model set").contains("battery or missing state");
    }

    @Test
    void azureBenchmark_smallFleet_callCountAndExactlyOnceChecksPass() throws Exception {
        String out = run(() -> AzureBenchmark.main(new String[] {"250", "100"}));
        assertThat(out).contains("bulk calls received by the hub: 3 = ceil(250 / 100): OK")
                .contains("registry statistics: 250 devices")
                .contains("exactly-once check: 4,000 patches to 100 devices")
                .contains("| FleetClient.twins().patch |")
                .contains("| AzureIotHub.twins().patch |")
                .contains("| SDK TwinClient.patch |")
                .contains("| SDK get + set + patch |");
    }

    @Test
    void heapBenchmark_smallFleet_printsBytesPerDevice() throws Exception {
        String out = run(() -> HeapBenchmark.main(new String[] {"2000"}));
        assertThat(out).containsPattern("heap per simulated device: -?\\d+ bytes");
    }
}
