package dev.fleetops.core;

import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobsTest {

    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();
    private static final String WAVE_1 = "tags.fleetops.bucket < 50";

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevices(3);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(audit).build();

    private ScheduledJob schedule(String jobId, String condition) {
        return client.jobs().scheduleTwinUpdate(jobId, condition, FW2, clock.instant(), Duration.ofHours(1));
    }

    @Test
    void scheduleTwinUpdate_answerLostAfterTheHubAccepted_returnsTheJobInsteadOfAConflict() {
        hub.failNext("jobs.scheduleTwinUpdate", When.AFTER, () -> new TransportException("reset"));

        ScheduledJob job = schedule("wave-1", WAVE_1);

        assertThat(job.jobId()).isEqualTo("wave-1");
        assertThat(job.type()).isEqualTo(JobType.TWIN_UPDATE);
        assertThat(hub.calls("jobs.scheduleTwinUpdate")).isEqualTo(2);
        assertThat(hub.calls("jobs.get")).isEqualTo(1);
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(audit.last().action().id()).isEqualTo("job.schedule");
    }

    @Test
    void scheduleTwinUpdate_idTakenBySomeoneElse_throwsConflict() {
        schedule("wave-1", "tags.other = 1");

        assertThatThrownBy(() -> schedule("wave-1", WAVE_1)).isInstanceOf(ConflictException.class);
        assertThat(hub.calls("jobs.get")).isZero();
    }

    @Test
    void scheduleTwinUpdate_answerLostButTheIdHoldsADifferentJob_throwsConflict() {
        hub.failNext("jobs.scheduleTwinUpdate", When.BEFORE, () -> {
            hub.jobs().scheduleTwinUpdate("wave-1", "tags.other = 1", FW2, clock.instant(), Duration.ofHours(1));
            return new ServiceUnavailableException(503, "busy");
        });

        assertThatThrownBy(() -> schedule("wave-1", WAVE_1)).isInstanceOf(ConflictException.class);
        assertThat(audit.last().outcome()).isEqualTo(AuditRecord.Outcome.FAILED);
    }

    @Test
    void scheduleTwinUpdate_answerLostAndTheIdHoldsTheSameConditionButAnotherPatch_throwsConflict() {
        hub.failNext("jobs.scheduleTwinUpdate", When.BEFORE, () -> {
            hub.jobs().scheduleTwinUpdate("wave-1", WAVE_1, TwinPatch.builder().desired("firmware.version", "9.9")
                    .build(), clock.instant(), Duration.ofHours(1));
            return new ServiceUnavailableException(503, "busy");
        });

        assertThatThrownBy(() -> schedule("wave-1", WAVE_1)).isInstanceOf(ConflictException.class);
    }

    @Test
    void scheduleDirectMethod_throttledWhileAnotherJobRuns_isRetried() {
        hub.failNext("jobs.scheduleDirectMethod", 2, When.BEFORE,
                () -> new ThrottledException("one concurrent job on S1", Duration.ofSeconds(30)));

        ScheduledJob job = client.jobs().scheduleDirectMethod("reboot-1", "deviceId = 'dev-0'", MethodInvocation.of("reboot", "null"),
                clock.instant(), Duration.ofHours(1));

        assertThat(job.type()).isEqualTo(JobType.DIRECT_METHOD);
        assertThat(client.statistics().total().backoffWait()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void getFindCancelList_roundTrip() {
        schedule("wave-1", WAVE_1);

        assertThat(client.jobs().get("wave-1").status()).isEqualTo(JobStatus.QUEUED);
        assertThat(client.jobs().find("nope")).isEmpty();
        assertThatThrownBy(() -> client.jobs().get("nope")).isInstanceOf(JobNotFoundException.class);
        assertThat(client.jobs().cancel("wave-1").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(audit.last().detail()).isEqualTo("status=CANCELLED");
        assertThat(client.jobs().list(JobFilter.all().withType(JobType.TWIN_UPDATE), PageRequest.first())
                .items()).hasSize(1);
        assertThat(client.jobs().streamDeviceResults("wave-1").count()).isZero();
    }

    @Test
    void scheduleTwinUpdate_readerRole_isDenied() {
        FleetClient reader = FleetClient.builder().hub(hub).clock(clock).auditSink(audit)
                .authorizer(Authorizer.roleBased()).operator(Operator.of("rita", Role.READER)).build();

        assertThatThrownBy(() -> reader.jobs().scheduleTwinUpdate("w", WAVE_1, FW2, clock.instant(),
                Duration.ofHours(1))).isInstanceOf(AccessDeniedException.class).hasMessageContaining("job.schedule");
        assertThat(reader.jobs().find("w")).isEmpty();
    }
}
