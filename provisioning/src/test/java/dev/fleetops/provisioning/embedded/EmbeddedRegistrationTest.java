package dev.fleetops.provisioning.embedded;

import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.UnauthorizedException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.keys.DerivedKeys;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;
import dev.fleetops.provisioning.model.ReprovisionPolicy;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Simulated registrations: key checks, allocation across linked hubs, reprovision policies, initial twins. */
class EmbeddedRegistrationTest {

    private static final String EU = "hub-eu.azure-devices.net";
    private static final String US = "hub-us.azure-devices.net";

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub eu = EmbeddedHub.builder().clock(clock).build();
    private final EmbeddedHub us = EmbeddedHub.builder().clock(clock).build();
    private final EmbeddedDps dps = new EmbeddedDps(clock).link(EU, eu).link(US, us);

    @Test
    void anIndividualDevice_registersWithItsKey_andGetsItsIdentityAndInitialTwin() {
        SymmetricKey key = SymmetricKey.generate();
        dps.putEnrollment(IndividualEnrollment.of("sensor-1", new Attestation.SymmetricKeys(key, null))
                .withSettings(IndividualEnrollment.of("x", Attestation.SymmetricKeys.generatedByDps()).settings()
                        .withAllocation(AllocationPolicy.STATIC, List.of(EU))
                        .withInitialTwin(PropertyTree.empty().with("region", "eu"),
                                PropertyTree.empty().with("fw.version", "1.0"))), ETag.ANY);

        RegistrationState s = dps.register("sensor-1", key);

        assertThat(s.isAssigned()).isTrue();
        assertThat(s.assignedHub()).isEqualTo(EU);
        assertThat(s.substatus()).isEqualTo("initialAssignment");
        var twin = eu.twins().get(DeviceId.of("sensor-1"));
        assertThat(twin.tags().getString("region")).contains("eu");
        assertThat(twin.desired().getString("fw.version")).contains("1.0");
        assertThatThrownBy(() -> dps.register("sensor-1", SymmetricKey.generate()))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void groupDevices_registerWithDerivedKeys_andHashedAllocationSpreadsThemOverTheLinkedHubs() {
        SymmetricKey groupKey = SymmetricKey.generate();
        dps.putGroup(EnrollmentGroup.of("line-a", new Attestation.SymmetricKeys(groupKey, null)), ETag.ANY);
        Set<String> hubsUsed = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String id = "dev-" + i;
            RegistrationState s = dps.register(id, DerivedKeys.forDevice(groupKey, id));
            assertThat(dps.register(id, DerivedKeys.forDevice(groupKey, id)).assignedHub())
                    .isEqualTo(s.assignedHub()); // stable
            hubsUsed.add(s.assignedHub());
        }
        assertThat(hubsUsed).containsExactlyInAnyOrder(EU, US);
        assertThat(dps.listRegistrations("line-a", PageRequest.first()).items()).hasSize(40);
        assertThatThrownBy(() -> dps.register("dev-1", DerivedKeys.forDevice(groupKey, "dev-2")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void movingHubs_migratesTheTwin_orResetsIt_orNeverMoves_asThePolicySays() {
        SymmetricKey key = SymmetricKey.generate();
        for (ReprovisionPolicy policy : List.of(ReprovisionPolicy.MIGRATE, ReprovisionPolicy.RESET,
                ReprovisionPolicy.NEVER)) {
            String id = "dev-" + policy.manifestName();
            IndividualEnrollment e = IndividualEnrollment.of(id, new Attestation.SymmetricKeys(key, null));
            e = e.withSettings(e.settings().withAllocation(AllocationPolicy.STATIC, List.of(EU))
                    .withReprovision(policy).withInitialTwin(PropertyTree.empty().with("stage", "initial"),
                            PropertyTree.empty()));
            IndividualEnrollment stored = dps.putEnrollment(e, ETag.ANY);
            dps.register(id, key);
            eu.twins().patch(DeviceId.of(id), TwinPatch.builder().tag("stage", "in-service").build(), ETag.ANY);
            // the operator moves the enrollment to the US hub; the device registers again
            dps.putEnrollment(e.withSettings(e.settings().withAllocation(AllocationPolicy.STATIC, List.of(US))),
                    stored.etag());

            RegistrationState again = dps.register(id, key);

            switch (policy.manifestName()) {
                case "migrate":
                    assertThat(again.assignedHub()).isEqualTo(US);
                    assertThat(again.substatus()).isEqualTo("deviceDataMigrated");
                    assertThat(us.twins().get(DeviceId.of(id)).tags().getString("stage")).contains("in-service");
                    break;
                case "reset":
                    assertThat(again.assignedHub()).isEqualTo(US);
                    assertThat(again.substatus()).isEqualTo("deviceDataReset");
                    assertThat(us.twins().get(DeviceId.of(id)).tags().getString("stage")).contains("initial");
                    break;
                default:
                    assertThat(again.assignedHub()).isEqualTo(EU);
            }
        }
    }

    @Test
    void aDisabledEnrollment_recordsADisabledState_andCustomAllocationIsRefused() {
        SymmetricKey key = SymmetricKey.generate();
        IndividualEnrollment e = IndividualEnrollment.of("dev-off", new Attestation.SymmetricKeys(key, null));
        dps.putEnrollment(e.withSettings(e.settings().withEnabled(false)), ETag.ANY);
        IndividualEnrollment c = IndividualEnrollment.of("dev-custom", new Attestation.SymmetricKeys(key, null));
        dps.putEnrollment(c.withSettings(c.settings().withAllocation(AllocationPolicy.CUSTOM, List.of())), ETag.ANY);

        assertThat(dps.register("dev-off", key).status()).isEqualTo(RegistrationState.DISABLED);
        assertThatThrownBy(() -> dps.register("dev-custom", key)).hasMessageContaining("custom allocation");
    }
}
