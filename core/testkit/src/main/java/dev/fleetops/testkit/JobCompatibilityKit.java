package dev.fleetops.testkit;

import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.DeviceContext;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scheduled jobs, the same for every backend. */
public abstract class JobCompatibilityKit extends CompatibilityKit {

    private final TwinPatch patch = TwinPatch.builder().desired("firmware.version", "3.0").build();

    @Test
    void twinUpdateJob_fansOut_andReportsPerDevice() {
        fleet(9);
        ScheduledJob job = backend().jobs().scheduleTwinUpdate("kit-wave", "tags.region = 'us'", patch,
                hub.clock().instant(), Duration.ofMinutes(10));
        assertThat(job.jobId()).isEqualTo("kit-wave");
        assertThat(job.type()).isEqualTo(JobType.TWIN_UPDATE);
        hub.simulator().advance(Duration.ofSeconds(1));
        ScheduledJob done = backend().jobs().get("kit-wave");
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.statistics().deviceCount()).isEqualTo(6);
        assertThat(done.statistics().succeededCount()).isEqualTo(6);
        assertThat(stored(id(1)).desired().getString("firmware.version")).contains("3.0");
        assertThat(stored(id(0)).desired().get("firmware.version")).isEmpty();
        List<DeviceJobResult> results = backend().jobs().deviceResults("kit-wave", PageRequest.first()).items();
        assertThat(results).hasSize(6).allMatch(r -> r.status() == DeviceJobStatus.COMPLETED);
    }

    @Test
    void directMethodJob_collectsEachDevicesAnswer() {
        hub.simulator().defaultBehaviour(new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                return MethodAnswer.now(new MethodResult(200, "{\"device\":\"" + device.id() + "\"}"));
            }
        });
        fleet(3);
        backend().jobs().scheduleDirectMethod("kit-ping", "deviceId IN ['d000', 'd002']",
                MethodInvocation.of("ping", "{}"), hub.clock().instant(), Duration.ofMinutes(10));
        hub.simulator().advance(Duration.ofSeconds(1));
        ScheduledJob done = backend().jobs().get("kit-ping");
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.statistics().succeededCount()).isEqualTo(2);
        List<DeviceJobResult> results = backend().jobs().deviceResults("kit-ping", PageRequest.first()).items();
        assertThat(results).extracting(r -> r.outcome().map(MethodResult::payloadJson).orElse(""))
                .containsExactlyInAnyOrder("{\"device\":\"d000\"}", "{\"device\":\"d002\"}");
    }

    @Test
    void scheduledLater_canBeCancelled_andListed() {
        fleet(2);
        backend().jobs().scheduleTwinUpdate("kit-later", "tags.n >= 0", patch,
                hub.clock().instant().plus(Duration.ofHours(1)), Duration.ofMinutes(10));
        assertThat(backend().jobs().get("kit-later").status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(backend().jobs().cancel("kit-later").status()).isEqualTo(JobStatus.CANCELLED);
        hub.simulator().advance(Duration.ofHours(2));
        assertThat(stored(id(0)).desired().get("firmware.version")).isEmpty();
        assertThat(backend().jobs().list(JobFilter.all().withType(JobType.TWIN_UPDATE).withStatus(JobStatus.CANCELLED),
                PageRequest.first()).items()).extracting(ScheduledJob::jobId).containsExactly("kit-later");
    }

    @Test
    void existingId_conflicts_unknownId_notFound() {
        fleet(1);
        backend().jobs().scheduleTwinUpdate("kit-once", "tags.n >= 0", patch, hub.clock().instant(),
                Duration.ofMinutes(10));
        assertThatThrownBy(() -> backend().jobs().scheduleTwinUpdate("kit-once", "tags.n >= 0", patch,
                hub.clock().instant(), Duration.ofMinutes(10))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> backend().jobs().get("kit-none")).isInstanceOf(JobNotFoundException.class);
    }
}
