package dev.fleetops.provisioning.lifecycle;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.EnrollmentManager;
import dev.fleetops.provisioning.embedded.EmbeddedDps;
import dev.fleetops.provisioning.keys.DerivedKeys;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.lifecycle.RotationState.Stage;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.spi.EnrollmentService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key rotation: never a device without a valid key, whatever step a run is interrupted at; audited without keys. */
class KeyRotationTest {

    /** A crash of the process running the rotation. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(String where) {
            super("crash " + where);
        }
    }

    /** One world: a DPS, a client, a store that survives crashes, and a crash planted at the n-th operation. */
    static final class World {
        final VirtualClock clock = VirtualClock.create();
        final EmbeddedDps embedded = new EmbeddedDps(clock);
        final AtomicInteger operations = new AtomicInteger();
        /** Key writes DPS applied. */
        final AtomicInteger keyWrites = new AtomicInteger();
        final int crashAt;
        final boolean afterTheOperation;
        final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
        final KeyRotationStore durable = KeyRotationStore.inMemory();
        final EnrollmentManager manager;

        World(int crashAt, boolean afterTheOperation) {
            this.crashAt = crashAt;
            this.afterTheOperation = afterTheOperation;
            FleetClient client = FleetClient.builder().hub(EmbeddedHub.builder().clock(clock).build()).clock(clock)
                    .auditSink(audit::add).operator(Operator.of("kim", Role.OPERATOR))
                    .authorizer(Authorizer.roleBased().grant(Role.OPERATOR, "enrollment.*", "keys.*")).build();
            manager = EnrollmentManager.builder(client, crashing(embedded)).build();
        }

        /** Counts an operation (a DPS call or a store write) and crashes before or after the planted one. */
        <T> T operation(String what, java.util.function.Supplier<T> op) {
            int n = operations.incrementAndGet();
            if (n == crashAt && !afterTheOperation) {
                throw new Crash("before " + what);
            }
            T result = op.get();
            if (n == crashAt) {
                throw new Crash("after " + what);
            }
            return result;
        }

        EnrollmentService crashing(EnrollmentService target) {
            return (EnrollmentService) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {EnrollmentService.class}, (proxy, method, args) -> operation(method.getName(),
                            () -> {
                                try {
                                    if (method.getName().equals("putEnrollment")) {
                                        keyWrites.incrementAndGet();
                                    }
                                    return method.invoke(target, args);
                                } catch (InvocationTargetException | IllegalAccessException e) {
                                    throw new IllegalStateException(e.getCause());
                                }
                            }));
        }

        KeyRotationStore store() {
            return new KeyRotationStore() {
                @Override
                public Optional<RotationState> find(String target) {
                    return durable.find(target);
                }

                @Override
                public void save(RotationState state) {
                    operation("save " + state.stage(), () -> {
                        durable.save(state);
                        return null;
                    });
                }

                @Override
                public void delete(String target) {
                    durable.delete(target);
                }
            };
        }

        Attestation.SymmetricKeys keys(String id) {
            return (Attestation.SymmetricKeys) embedded.attestation(id).orElseThrow();
        }
    }

    /**
     * The operator's script: begin, advance, give the device the new secondary and confirm, advance. Run again from
     * the top after a crash, as an operator (or a scheduler) would; returns the device's key at the end.
     */
    private static SymmetricKey script(World w, String target, SymmetricKey[] deviceKey, String id) {
        KeyRotation rotation = new KeyRotation(w.manager, w.store());
        rotation.begin(target, "2026-q4");
        RotationState s = rotation.advance(target);
        if (s.stage() == Stage.SECONDARY_ROLLED) {
            deviceKey[0] = w.keys(id).secondary(); // the device is given the new secondary and moves to it
            rotation.confirmMoved(target);
        }
        rotation.advance(target);
        return deviceKey[0];
    }

    @Test
    void aRotationInterruptedAtAnyStep_andRunAgain_neverLeavesTheDeviceWithoutAValidKey() {
        int crashPoints = 0;
        for (boolean after : new boolean[] {false, true}) {
            for (int crashAt = 1; ; crashAt++) {
                World w = new World(crashAt, after);
                SymmetricKey p = SymmetricKey.generate();
                SymmetricKey s = SymmetricKey.generate();
                w.embedded.putEnrollment(IndividualEnrollment.of("sn-1", new Attestation.SymmetricKeys(p, s)),
                        ETag.ANY);
                SymmetricKey[] deviceKey = {p};
                String target = KeyRotation.enrollment("sn-1");
                boolean crashed = false;
                for (int run = 0; run < 3; run++) {
                    try {
                        script(w, target, deviceKey, "sn-1");
                        break;
                    } catch (Crash | IllegalStateException e) {
                        crashed = true;
                    }
                    Attestation.SymmetricKeys held = w.keys("sn-1");
                    assertThat(List.of(held.primary(), held.secondary()))
                            .as("after a crash at operation %d (%s it)", crashAt, after ? "after" : "before")
                            .contains(deviceKey[0]);
                }
                Attestation.SymmetricKeys end = w.keys("sn-1");
                assertThat(new KeyRotation(w.manager, w.durable).state(target).orElseThrow().stage())
                        .as("crash at %d", crashAt).isEqualTo(Stage.DONE);
                assertThat(end.secondary()).isEqualTo(deviceKey[0]).isNotIn(p, s);
                assertThat(end.primary()).isNotIn(p, s, end.secondary());
                assertThat(w.keyWrites).as("key writes with a crash at %d", crashAt).hasValue(2);
                if (!crashed) {
                    break; // the planted crash lies beyond the last operation: every point has been tried
                }
                crashPoints++;
            }
        }
        assertThat(crashPoints).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aGroupRotation_keepsEveryDerivedDeviceKeyValid_andIsAuditedWithoutKeys() {
        World w = new World(Integer.MAX_VALUE, false);
        SymmetricKey gp = SymmetricKey.generate();
        w.embedded.putGroup(new EnrollmentGroup("line-a", new Attestation.SymmetricKeys(gp, SymmetricKey.generate()),
                EnrollmentSettings.defaults(), ETag.ANY), ETag.ANY);
        w.embedded.link("hub-a.azure-devices.net", EmbeddedHub.builder().clock(w.clock).build());
        KeyRotation rotation = new KeyRotation(w.manager, KeyRotationStore.inMemory());
        String target = KeyRotation.group("line-a");

        rotation.begin(target, "2026-q4");
        rotation.advance(target);
        SymmetricKey newSecondary = ((Attestation.SymmetricKeys) w.embedded.groupAttestation("line-a").orElseThrow())
                .secondary();
        // before the devices move, the old derived key still works
        assertThat(w.embedded.register("dev-7", DerivedKeys.forDevice(gp, "dev-7")).isAssigned()).isTrue();
        assertThat(rotation.advance(target).stage()).isEqualTo(Stage.SECONDARY_ROLLED); // waits for the devices
        rotation.confirmMoved(target);
        RotationState done = rotation.advance(target);

        assertThat(done.stage()).isEqualTo(Stage.DONE);
        assertThat(w.embedded.register("dev-7", DerivedKeys.forDevice(newSecondary, "dev-7")).isAssigned()).isTrue();
        assertThatThrownBy(() -> w.embedded.register("dev-8", DerivedKeys.forDevice(gp, "dev-8")))
                .hasMessageContaining("no enrollment accepts");
        assertThat(w.audit).extracting(AuditRecord::action).contains(KeyRotation.ROTATE, EnrollmentManager.READ_KEYS);
        assertThat(w.audit.toString()).doesNotContain(gp.base64()).doesNotContain(newSecondary.base64());
        assertThat(done.toString()).doesNotContain(newSecondary.base64());
    }

    @Test
    void devicesCannotBeConfirmedMoved_beforeTheSecondaryIsRolled_andX509IsRefused() {
        World w = new World(Integer.MAX_VALUE, false);
        w.embedded.putEnrollment(IndividualEnrollment.of("sn-1", Attestation.SymmetricKeys.generatedByDps()),
                ETag.ANY);
        KeyRotation rotation = new KeyRotation(w.manager, KeyRotationStore.inMemory());
        rotation.begin(KeyRotation.enrollment("sn-1"), "r1");

        assertThatThrownBy(() -> rotation.confirmMoved(KeyRotation.enrollment("sn-1")))
                .hasMessageContaining("advance first");
        assertThatThrownBy(() -> rotation.begin(KeyRotation.enrollment("sn-1"), "r2"))
                .hasMessageContaining("finish it before beginning 'r2'");
        assertThatThrownBy(() -> rotation.advance(KeyRotation.enrollment("sn-2")))
                .hasMessageContaining("no key rotation of enrollment:sn-2");
        w.embedded.putEnrollment(IndividualEnrollment.of("tp-1", new Attestation.Tpm("AQID", null)), ETag.ANY);
        assertThatThrownBy(() -> rotation.begin(KeyRotation.enrollment("tp-1"), "r1"))
                .hasMessageContaining("attested by tpm");
    }
}
