package dev.fleetops.samples;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.azure.AzureIotHub;
import dev.fleetops.testkit.emulator.IotHubEmulator;
import dev.fleetops.testkit.emulator.TestTls;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.HubTier;
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
        // main runs the simulated quick start when FLEETOPS_IOTHUB_CONNECTION_STRING is not set, as in CI
        String out = run(() -> QuickStart.main(new String[0]));
        assertThat(out).contains("10000 devices registered")
                .contains("Devices per reported firmware version")
                .contains("after 1 minute (virtual): 5 running 1.5.0, installing 2.0.0; 5 running 1.6.1, "
                        + "installing 2.0.0")
                .contains("after 4 minutes (virtual): 10 running 2.0.0")
                .contains("the hub answered 429 (throttled) 0 times; the virtual clock moved 4 minutes 9 seconds")
                .contains("A staged rollout of firmware 3.0.0 to every th-200, whose first wave fails")
                .contains("3334 devices targeted")
                .contains("wave 0 started: 67 devices")
                .containsPattern("gates of wave 0: fail \\(\\d+ of \\d+ decided devices failed")
                .contains("rolling back")
                .containsPattern("ended rolled back: \\d+ devices restored to their previous firmware, 0 left alone"
                        + " \\(changed since\\), 3267 never touched");
    }

    @Test
    void approvedRollout_succeedsWaveByWave_approvingEachWaveAfterTheFirst() throws Exception {
        String out = run(() -> ApprovedRollout.run(System.out));
        assertThat(out).contains("Rollout of firmware 2.1.0 to 660 gw-10 devices, waves of [33, 132, 495] devices")
                .contains("plan warning waves[0]: wave 0 has 33 devices: a failure ratio of 2% tolerates none")
                .contains("wave 1 waits for approval").contains("wave 2 waits for approval")
                .containsPattern("Ended succeeded after .* \\(virtual\\): \\d+ verified, 0 failed");
    }

    @Test
    void operatorsGuide_runsTheReadmeExamples() throws Exception {
        String out = run(() -> OperatorsGuide.run(System.out));
        assertThat(out).contains("configuration telemetry-th200 targets")
                .containsPattern("job fw-eu-west: COMPLETED, \\d+ devices succeeded, 0 failed")
                .contains("denied: operator 'rita' (roles [reader]) may not job.cancel")
                .contains("not found: device 'no-such-device'")
                .contains("bad query: query: line 1, column 43")
                .contains("alice job.schedule job:fw-eu-west SUCCEEDED correlationId=change-4711 {ticket=OPS-12}")
                .contains("rita job.cancel job:fw-eu-west DENIED");
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

    @Test
    void quickStartQuestions_throughTheAzurePathAndTheEmulator_answerAsOnTheEmbeddedHub() throws Exception {
        VirtualClock clock = VirtualClock.create();
        SampleFleet fleet = new SampleFleet(2026, clock.instant());
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        for (int i = 0; i < 10_000; i++) {
            hub.load(fleet.twin(i));
        }
        FleetClient direct = FleetClient.builder().hub(hub).clock(clock).build();
        String embeddedAnswers = run(() -> QuickStart.askTheFleet(direct, System.out));

        TestTls.install();
        try (IotHubEmulator emulator = IotHubEmulator.start(hub);
             AzureIotHub azure = AzureIotHub.builder()
                     .connectionString("HostName=test-hub.azure-devices.net;SharedAccessKeyName="
                             + IotHubEmulator.POLICY_NAME + ";SharedAccessKey=" + IotHubEmulator.SHARED_ACCESS_KEY)
                     .endpoint(emulator.hostName())
                     .build()) {
            // what main does with FLEETOPS_IOTHUB_CONNECTION_STRING set, but paced on virtual time
            FleetClient client = FleetClient.builder().hub(azure).tier(QuickStart.tier("S1:1")).clock(clock)
                    .operator(Operator.of("quickstart", Role.READER)).build();
            String azureAnswers = run(() -> QuickStart.askTheFleet(client, System.out));
            assertThat(azureAnswers).contains("10000 devices registered").contains("2.0.0")
                    .isEqualTo(embeddedAnswers);
            assertThat(client.statistics().total().failures()).isZero();
        } finally {
            TestTls.uninstall();
        }
    }

    @Test
    void tier_readsTierAndUnits_orRefusesClearly() {
        assertThat(QuickStart.tier(null)).isEqualTo(HubTier.s1(1));
        assertThat(QuickStart.tier("s2:4")).isEqualTo(HubTier.s2(4));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuickStart.tier("S9:1"))
                .hasMessageContaining("FLEETOPS_IOTHUB_TIER is 'S9:1'");
    }
}
