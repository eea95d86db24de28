package dev.fleetops.provisioning.lifecycle;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.UnauthorizedException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.EnrollmentManager;
import dev.fleetops.provisioning.embedded.EmbeddedDps;
import dev.fleetops.provisioning.keys.DerivedKeys;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;
import dev.fleetops.provisioning.model.ReprovisionPolicy;
import dev.fleetops.provisioning.spi.EnrollmentService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revoke, reprovision, retire and replace on an embedded DPS with two hubs: effects, idempotence, resumption. */
class DeviceLifecycleTest {

    private static final String HUB_A = "hub-a.azure-devices.net";
    private static final String HUB_B = "hub-b.azure-devices.net";

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hubA = EmbeddedHub.builder().clock(clock).build();
    private final EmbeddedHub hubB = EmbeddedHub.builder().clock(clock).build();
    private final EmbeddedDps embedded = new EmbeddedDps(clock).link(HUB_A, hubA).link(HUB_B, hubB);
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger dpsCalls = new AtomicInteger();
    /** The DPS call at which the process crashes, once; 0 for none. */
    private int crashAt;
    private final FleetClient dpsClient = client(hubA);
    private final EnrollmentManager enrollments = EnrollmentManager.builder(dpsClient, crashing(embedded)).build();
    private final FleetClient clientA = client(hubA);
    private final FleetClient clientB = client(hubB);
    private final DeviceLifecycle lifecycle = DeviceLifecycle.builder(enrollments).hub(HUB_A, clientA)
            .hub(HUB_B, clientB).build();
    private final SymmetricKey groupKey = SymmetricKey.generate();

    private FleetClient client(EmbeddedHub hub) {
        return FleetClient.builder().hub(hub).clock(clock).auditSink(audit::add)
                .operator(Operator.of("ana", Role.ADMINISTRATOR)).authorizer(Authorizer.roleBased()).build();
    }

    /** A crash of the process running the workflow, at the planted DPS call. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crash");
        }
    }

    private EnrollmentService crashing(EnrollmentService target) {
        return (EnrollmentService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EnrollmentService.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (dpsCalls.incrementAndGet() == crashAt) {
                        throw new Crash(); // after DPS applied it: the worst moment
                    }
                    return result;
                });
    }

    /** An individually enrolled device, registered, with configuration in its twin. */
    private RegistrationState individual(String id) {
        SymmetricKey key = SymmetricKey.generate();
        embedded.putEnrollment(IndividualEnrollment.of(id, new Attestation.SymmetricKeys(key,
                SymmetricKey.generate())), ETag.ANY);
        RegistrationState r = embedded.register(id, key);
        hub(r.assignedHub()).twins().patch(DeviceId.of(id), new TwinPatch(PropertyTree.of(java.util.Map.of("site",
                "berlin")), PropertyTree.of(java.util.Map.of("fw", java.util.Map.of("version", "2.1")))), ETag.ANY);
        return r;
    }

    private RegistrationState grouped(String id) {
        if (embedded.findGroup("line-a").isEmpty()) {
            embedded.putGroup(new EnrollmentGroup("line-a", new Attestation.SymmetricKeys(groupKey,
                    SymmetricKey.generate()), EnrollmentSettings.defaults(), ETag.ANY), ETag.ANY);
        }
        return embedded.register(id, DerivedKeys.forDevice(groupKey, id));
    }

    private EmbeddedHub hub(String host) {
        return host.equals(HUB_A) ? hubA : hubB;
    }

    private FleetClient clientFor(String host) {
        return host.equals(HUB_A) ? clientA : clientB;
    }

    private DeviceStatus status(RegistrationState r) {
        return hub(r.assignedHub()).registry().get(DeviceId.of(r.deviceId())).status();
    }

    @Test
    void revoke_disablesTheEnrollmentAndTheIdentity_andARerunFindsItDone() {
        RegistrationState r = individual("sn-1");

        LifecycleResult first = lifecycle.revoke("sn-1");
        LifecycleResult again = lifecycle.revoke("sn-1");

        assertThat(first.done()).containsExactly("enrollment disabled",
                "hub identity sn-1 disabled on " + r.assignedHub());
        assertThat(again.wasComplete()).isTrue();
        assertThat(again.alreadyDone()).isEqualTo(first.done());
        assertThat(status(r)).isEqualTo(DeviceStatus.DISABLED);
        assertThat(embedded.findEnrollment("sn-1").orElseThrow().settings().enabled()).isFalse();
        assertThat(audit).extracting(AuditRecord::action).contains(DeviceLifecycle.REVOKE);
    }

    @Test
    void revokeFromGroup_blocksThatDeviceOnly() {
        RegistrationState seven = grouped("dev-7");
        RegistrationState eight = grouped("dev-8");

        lifecycle.revokeFromGroup("dev-7", Attestation.SymmetricKeys.generatedByDps());

        assertThatThrownBy(() -> embedded.register("dev-7", DerivedKeys.forDevice(groupKey, "dev-7")))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(embedded.register("dev-8", DerivedKeys.forDevice(groupKey, "dev-8")).isAssigned()).isTrue();
        assertThat(status(seven)).isEqualTo(DeviceStatus.DISABLED);
        assertThat(status(eight)).isEqualTo(DeviceStatus.ENABLED);
        assertThat(lifecycle.revokeFromGroup("dev-7", Attestation.SymmetricKeys.generatedByDps()).wasComplete())
                .isTrue();
    }

    @Test
    void revokeGroup_disablesTheGroupAndEveryIdentityRegisteredThroughIt() {
        List<RegistrationState> devices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            devices.add(grouped("dev-" + i));
        }

        lifecycle.revokeGroup("line-a");

        assertThat(devices).allSatisfy(r -> assertThat(status(r)).isEqualTo(DeviceStatus.DISABLED));
        assertThat(embedded.register("dev-0", DerivedKeys.forDevice(groupKey, "dev-0")).status())
                .isEqualTo(RegistrationState.DISABLED);
        assertThat(lifecycle.revokeGroup("line-a").wasComplete()).isTrue();
    }

    @Test
    void reprovision_movesTheDevice_migratingOrResettingItsTwin() {
        RegistrationState r = individual("sn-1");
        String other = r.assignedHub().equals(HUB_A) ? HUB_B : HUB_A;
        SymmetricKey key = ((Attestation.SymmetricKeys) embedded.attestation("sn-1").orElseThrow()).primary();

        lifecycle.reprovision("sn-1", other, ReprovisionPolicy.MIGRATE);
        assertThat(lifecycle.reprovision("sn-1", other, ReprovisionPolicy.MIGRATE).wasComplete()).isTrue();
        RegistrationState moved = embedded.register("sn-1", key); // the device registers again

        assertThat(moved.assignedHub()).isEqualTo(other);
        assertThat(moved.substatus()).isEqualTo("deviceDataMigrated");
        assertThat(hub(other).twins().get(DeviceId.of("sn-1")).tags().getString("site")).contains("berlin");

        lifecycle.reprovision("sn-1", r.assignedHub(), ReprovisionPolicy.RESET);
        hub(r.assignedHub()).registry().delete(DeviceId.of("sn-1"), ETag.ANY);
        RegistrationState back = embedded.register("sn-1", key);
        assertThat(back.substatus()).isEqualTo("deviceDataReset");
        assertThat(hub(r.assignedHub()).twins().get(DeviceId.of("sn-1")).tags().getString("site")).isEmpty();

        assertThat(lifecycle.reprovision("sn-1").done()).containsExactly("registration state deleted");
        assertThat(embedded.register("sn-1", key).substatus()).isEqualTo("initialAssignment");
    }

    @Test
    void retire_interruptedAfterAnyDpsCall_andRunAgain_endsRetiredWithEveryStepMadeOnce() {
        int points = 0;
        for (int at = 1; ; at++) {
            DeviceLifecycleTest world = new DeviceLifecycleTest();
            RegistrationState r = world.individual("sn-1");
            world.crashAt = at;
            world.dpsCalls.set(0);
            List<String> made = new ArrayList<>();
            boolean crashed = false;
            for (int run = 0; run < 2; run++) {
                try {
                    made.addAll(world.lifecycle.retire("sn-1").done());
                    break;
                } catch (Crash e) {
                    crashed = true; // the process died; an operator runs the workflow again
                }
            }
            world.crashAt = 0;
            LifecycleResult last = world.lifecycle.retire("sn-1");
            assertThat(last.wasComplete()).as("crash at DPS call %d", at).isTrue();
            assertThat(world.embedded.findEnrollment("sn-1").orElseThrow().settings().enabled()).isFalse();
            assertThat(world.clientFor(r.assignedHub()).devices().find(DeviceId.of("sn-1"))).isEmpty();
            assertThat(world.embedded.findRegistration("sn-1")).isEmpty();
            assertThat(made).as("crash at DPS call %d", at).doesNotHaveDuplicates();
            for (String once : List.of("enrollment.write", "twin.patch", "device.delete")) {
                assertThat(world.audit).as("%s with a crash at DPS call %d", once, at)
                        .filteredOn(a -> a.action().id().equals(once)).hasSize(1);
            }
            if (!crashed) {
                break;
            }
            points++;
        }
        assertThat(points).isGreaterThanOrEqualTo(4);
    }

    @Test
    void retire_clearsTheConfiguration_deletesIdentityAndRegistration_andKeepsTheDeviceOut() {
        RegistrationState r = individual("sn-1");
        SymmetricKey key = ((Attestation.SymmetricKeys) embedded.attestation("sn-1").orElseThrow()).primary();

        LifecycleResult result = lifecycle.retire("sn-1");

        assertThat(result.done()).containsExactly("enrollment disabled", "desired properties removed",
                "hub identity deleted from " + r.assignedHub(), "registration state deleted");
        assertThat(audit).extracting(a -> a.action().id()).containsSubsequence("twin.patch", "device.delete",
                "registration.delete", "lifecycle.retire");
        assertThat(embedded.register("sn-1", key).status()).isEqualTo(RegistrationState.DISABLED);
        assertThat(clientFor(r.assignedHub()).devices().find(DeviceId.of("sn-1"))).isEmpty();
    }

    @Test
    void replace_letsNewHardwareTakeOverTheLogicalDevice_itsTagsAndDesiredState() {
        RegistrationState old = individual("sn-1");
        SymmetricKey oldKey = ((Attestation.SymmetricKeys) embedded.attestation("sn-1").orElseThrow()).primary();
        SymmetricKey newKey = SymmetricKey.generate();

        LifecycleResult result = lifecycle.replace("sn-1", IndividualEnrollment.of("sn-1-b",
                new Attestation.SymmetricKeys(newKey, SymmetricKey.generate())));
        RegistrationState taken = embedded.register("sn-1-b", newKey);

        assertThat(result.done()).containsExactly("enrollment of sn-1-b created", "enrollment disabled",
                "registration state deleted");
        assertThat(taken.deviceId()).isEqualTo("sn-1");
        assertThat(taken.assignedHub()).isEqualTo(old.assignedHub());
        IndividualEnrollment next = embedded.findEnrollment("sn-1-b").orElseThrow();
        assertThat(next.settings().allocationPolicy()).isEqualTo(AllocationPolicy.STATIC);
        assertThat(next.settings().initialTags().getString("site")).contains("berlin");
        assertThat(next.settings().initialDesired().getString("fw.version")).contains("2.1");
        assertThat(hub(old.assignedHub()).twins().get(DeviceId.of("sn-1")).desired().getString("fw.version"))
                .contains("2.1");
        assertThat(lifecycle.replace("sn-1", IndividualEnrollment.of("sn-1-b",
                new Attestation.SymmetricKeys(newKey, SymmetricKey.generate()))).wasComplete()).isTrue();
        assertThat(embedded.register("sn-1", oldKey).status()).isEqualTo(RegistrationState.DISABLED);
        assertThat(audit).extracting(AuditRecord::action).contains(DeviceLifecycle.REPLACE);
        assertThat(audit.toString()).doesNotContain(newKey.base64()).doesNotContain(oldKey.base64());
    }
}
