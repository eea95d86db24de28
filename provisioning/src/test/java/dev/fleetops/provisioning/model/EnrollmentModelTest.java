package dev.fleetops.provisioning.model;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.provisioning.keys.SymmetricKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enrollment model refuses what DPS would refuse, naming the field, and never prints a key. */
class EnrollmentModelTest {

    /** A self-signed certificate with CN=device-001 (public test data, no key kept). */
    private static String certificate() throws IOException {
        try (InputStream in = EnrollmentModelTest.class.getResourceAsStream("/certs/device-001.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void anIndividualEnrollment_defaultsItsDeviceIdAndSettings_andHidesItsKeys() {
        SymmetricKey key = SymmetricKey.generate();
        IndividualEnrollment e = IndividualEnrollment.of("sensor-17", new Attestation.SymmetricKeys(key, null));

        assertThat(e.deviceId()).isEqualTo(DeviceId.of("sensor-17"));
        assertThat(e.settings().allocationPolicy()).isSameAs(AllocationPolicy.HASHED);
        assertThat(e.settings().reprovisionPolicy()).isEqualTo(ReprovisionPolicy.MIGRATE);
        assertThat(e.settings().enabled()).isTrue();
        assertThat(e.toString()).doesNotContain(key.base64()).contains("redacted");
    }

    @Test
    void x509Certificates_areParsedOnCreation_andGiveTheirCommonNameAndExpiry() throws IOException {
        Attestation.X509Certificates x = new Attestation.X509Certificates(certificate(), null);

        assertThat(x.primarySubjectCommonName()).isEqualTo("device-001");
        assertThat(x.primaryExpiry()).isAfter(java.time.Instant.parse("2100-01-01T00:00:00Z"));
        assertThatThrownBy(() -> new Attestation.X509Certificates("-----BEGIN CERTIFICATE-----\nnot a cert\n"
                + "-----END CERTIFICATE-----", null)).hasMessageContaining("primary certificate is not an X.509");
    }

    @Test
    void whatDpsRefuses_isRefusedHere_namingTheField() throws IOException {
        Attestation.X509Certificates cert = new Attestation.X509Certificates(certificate(), null);

        assertThatThrownBy(() -> IndividualEnrollment.of("x".repeat(65), cert))
                .hasMessageContaining("registrationId is 65 characters").hasMessageContaining("at most 64");
        assertThatThrownBy(() -> IndividualEnrollment.of("dev-1", new Attestation.X509CaReferences("root", null)))
                .hasMessageContaining("CA reference is for enrollment groups");
        assertThatThrownBy(() -> EnrollmentGroup.of("line-a", new Attestation.Tpm("AAEC", null)))
                .hasMessageContaining("TPM attestation is for individual enrollments only");
        assertThatThrownBy(() -> EnrollmentGroup.of("line a", Attestation.SymmetricKeys.generatedByDps()))
                .hasMessageContaining("group id has ' ' at position 5");
        assertThatThrownBy(() -> EnrollmentSettings.defaults().withAllocation(AllocationPolicy.STATIC,
                List.of("a.azure-devices.net", "b.azure-devices.net")))
                .hasMessageContaining("static needs exactly one hub");
        assertThatThrownBy(() -> EnrollmentSettings.defaults().withAllocation(AllocationPolicy.HASHED,
                List.of("a.azure-devices.net", "a.azure-devices.net"))).hasMessageContaining("iotHubs[1] repeats");
        assertThatThrownBy(() -> new Attestation.Tpm("not base64!", null))
                .hasMessageContaining("TPM endorsement key is not Base64");
    }

    @Test
    void policies_readTheirNames_andAnAllocationPolicyDpsAddsLater_isKept() {
        assertThat(AllocationPolicy.of("geolatency")).isSameAs(AllocationPolicy.GEO_LATENCY);
        AllocationPolicy future = AllocationPolicy.of("nearestRegion");
        assertThat(future.isUnknown()).isTrue();
        assertThat(future.wireName()).isEqualTo("nearestRegion");
        assertThat(ReprovisionPolicy.of("RESET")).isEqualTo(ReprovisionPolicy.RESET);
        assertThat(ReprovisionPolicy.NEVER.manifestName()).isEqualTo("never");
        assertThatThrownBy(() -> ReprovisionPolicy.of("sometimes")).hasMessageContaining("migrate, reset, never");
    }

    @Test
    void settings_carryTheInitialTwinAndTheEdgeCapability() {
        EnrollmentSettings s = EnrollmentSettings.defaults().withIotEdge(true)
                .withInitialTwin(PropertyTree.empty().with("region", "eu"), PropertyTree.empty().with("fw", "1.0"))
                .withEnabled(false).withReprovision(ReprovisionPolicy.NEVER);

        assertThat(s.iotEdge()).isTrue();
        assertThat(s.initialTags().getString("region")).contains("eu");
        assertThat(s.enabled()).isFalse();
        assertThat(s.reprovisionPolicy().updateHubAssignment()).isFalse();
    }
}
