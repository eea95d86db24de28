package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import dev.fleetops.core.model.HubTier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standalone program: argument parsing, what it prints, and a simulated fleet the SDK can reach. */
class IotHubEmulatorMainTest {

    @BeforeAll
    static void trust() {
        TestTls.install();
    }

    @AfterAll
    static void untrust() {
        TestTls.uninstall();
    }

    @Test
    void parse_allOptions() {
        IotHubEmulatorMain.Options o = IotHubEmulatorMain.parse(new String[] {"--port", "0", "--devices", "12",
                "--tier", "s2:4", "--seed", "7"});

        assertThat(o).isEqualTo(new IotHubEmulatorMain.Options(0, 12, Optional.of(HubTier.s2(4)), 7));
        assertThat(IotHubEmulatorMain.parse(new String[0]).port()).isEqualTo(8443);
    }

    @Test
    void parse_badInput_namesTheArgument() {
        assertThatThrownBy(() -> IotHubEmulatorMain.parse(new String[] {"--devices", "many"}))
                .hasMessageContaining("--devices 'many'");
        assertThatThrownBy(() -> IotHubEmulatorMain.parse(new String[] {"--tier", "S9:1"}))
                .hasMessageContaining("--tier 'S9:1'");
        assertThatThrownBy(() -> IotHubEmulatorMain.parse(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> IotHubEmulatorMain.parse(new String[] {"--colour", "red"}))
                .hasMessageContaining("unknown argument '--colour'");
    }

    @Test
    void start_printsHostSasAndCertificate_andServesTheFleet() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
             IotHubEmulator emulator = IotHubEmulatorMain.start(
                     new IotHubEmulatorMain.Options(0, 40, Optional.empty(), 42), out)) {
            String printed = buffer.toString(StandardCharsets.UTF_8);

            assertThat(printed).contains("host:         " + emulator.hostName())
                    .contains("SAS token:    " + emulator.sasToken())
                    .contains("cannot carry a port")
                    .contains(emulator.certificate().pem().toString())
                    .contains(emulator.certificate().trustStore().toString());
            assertThat(Files.readString(emulator.certificate().pem())).startsWith("-----BEGIN CERTIFICATE-----");
            RegistryStatistics stats = new RegistryClient(emulator.hostName(),
                    new AzureSasCredential(emulator.sasToken())).getStatistics();
            assertThat(stats.getTotalDeviceCount()).isEqualTo(40);
            assertThat(emulator.hub().queries().queryRaw("SELECT COUNT() AS n FROM devices WHERE tags.ring = 'canary'",
                    dev.fleetops.core.model.PageRequest.first()).items().get(0).getLong("n")).contains(2L);
            DirectMethodResponse ping = new DirectMethodsClient(emulator.hostName(),
                    new AzureSasCredential(emulator.sasToken())).invoke(onlineDevice(emulator), "ping");
            assertThat(ping.getStatus()).isEqualTo(200);
        }
    }

    private static String onlineDevice(IotHubEmulator emulator) {
        return emulator.hub().queries().queryRaw("SELECT deviceId FROM devices WHERE connectionState = 'Connected'",
                dev.fleetops.core.model.PageRequest.first(1)).items().get(0).getString("deviceId").orElseThrow();
    }
}
