package dev.fleetops.provisioning;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.embedded.EmbeddedDps;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enrollments through the client's call seam: paced as DPS, authorized, audited without keys, bucket stamped. */
class EnrollmentManagerTest {

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedDps dps = new EmbeddedDps(clock);
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(EmbeddedHub.builder().clock(clock).build())
            .clock(clock).auditSink(audit::add).operator(Operator.of("olga", Role.OPERATOR))
            .authorizer(Authorizer.roleBased().grant(Role.OPERATOR, "enrollment.*", "registration.*")).build();
    private final EnrollmentManager enrollments = EnrollmentManager.builder(client, dps).build();

    @Test
    void create_stampsTheRolloutBucket_andRefusesAnExistingEnrollment() {
        IndividualEnrollment e = enrollments.create(IndividualEnrollment.of("sensor-17",
                Attestation.SymmetricKeys.generatedByDps()));

        assertThat(e.settings().initialTags().getLong(RolloutBucket.TAG))
                .contains((long) RolloutBucket.of(e.deviceId()));
        assertThatThrownBy(() -> enrollments.create(IndividualEnrollment.of("SENSOR-17",
                Attestation.SymmetricKeys.generatedByDps()))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("exists already");
        EnrollmentManager plain = EnrollmentManager.builder(client, dps).stampBuckets(false).build();
        assertThat(plain.create(IndividualEnrollment.of("sensor-18", Attestation.SymmetricKeys.generatedByDps()))
                .settings().initialTags().isEmpty()).isTrue();
    }

    @Test
    void update_isGuardedByTheEtagItWasReadWith() {
        IndividualEnrollment stored = enrollments.create(IndividualEnrollment.of("sensor-17",
                Attestation.SymmetricKeys.generatedByDps()));
        IndividualEnrollment changed = enrollments.update(stored.withSettings(stored.settings().withEnabled(false)));

        assertThat(changed.settings().enabled()).isFalse();
        assertThatThrownBy(() -> enrollments.update(stored)).isInstanceOf(PreconditionFailedException.class);
        assertThat(enrollments.delete("sensor-17", changed.etag())).isTrue();
        assertThat(enrollments.find("sensor-17")).isEmpty();
    }

    @Test
    void everyCallIsPacedAndCountedAsDps_writesAreAudited_andNoKeyAppearsInAnAuditRecord() {
        SymmetricKey key = SymmetricKey.generate();
        enrollments.create(IndividualEnrollment.of("sensor-17", new Attestation.SymmetricKeys(key, null)));
        Attestation.SymmetricKeys keys = (Attestation.SymmetricKeys) enrollments.keys("sensor-17").orElseThrow();

        assertThat(keys.primary()).isEqualTo(key);
        assertThat(client.statistics().of(EnrollmentManager.DPS).calls()).isEqualTo(3); // find, put, keys
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.action().id()).isEqualTo("enrollment.write");
            assertThat(r.target()).isEqualTo("enrollment:sensor-17");
            assertThat(r.operator().name()).isEqualTo("olga");
        });
        assertThat(audit).anySatisfy(r -> assertThat(r.action().id()).isEqualTo("enrollment.keys"));
        assertThat(audit.toString()).doesNotContain(key.base64()).doesNotContain(keys.secondary().base64());
    }

    @Test
    void aReaderMayReadButNotWrite() {
        EnrollmentManager asReader = EnrollmentManager.builder(client.as(Operator.of("rex", Role.READER)), dps)
                .build();

        assertThat(asReader.find("nobody")).isEmpty();
        assertThatThrownBy(() -> asReader.keys("nobody")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> asReader.create(IndividualEnrollment.of("sensor-1",
                Attestation.SymmetricKeys.generatedByDps()))).isInstanceOf(AccessDeniedException.class);
        assertThat(dps.findEnrollment("sensor-1")).isEmpty();
        assertThat(enrollments.delete("nobody", ETag.ANY)).isFalse();
    }
}
