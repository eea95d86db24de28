package dev.fleetops.core;

import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.DeadlineExceededException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.Path;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scheduled jobs as long operations: begin, follow, await on the client's clock, attach again after a restart. */
class JobHandleTest {

    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();

    private final VirtualClock clock = VirtualClock.create();
    // An S1 hub runs a job at 10 devices per second: 200 devices take 20 s of (virtual) time.
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).auditSink(audit::add).build();

    private void devices(int n) {
        for (int i = 0; i < n; i++) {
            // load: the fleet as it is, without spending the hub's quota on setting it up
            hub.load(dev.fleetops.core.model.Twin.builder(DeviceId.of(String.format("d-%03d", i)))
                    .tags(dev.fleetops.core.model.PropertyTree.empty().with("wave", i % 2)).build());
        }
    }

    @Test
    void await_onAVirtualClock_returnsTheCompletedJobWithItsResults() {
        devices(200);
        Instant start = clock.instant();

        JobHandle job = client.jobs().beginTwinUpdate("fw-wave-0", Path.tag("wave").eq(0), FW2, start,
                Duration.ofHours(1));
        ScheduledJob done = job.await(Duration.ofMinutes(10));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.snapshot()).isEqualTo(done);
        List<DeviceJobResult> results = job.streamDeviceResults().collect(Collectors.toList());
        assertThat(results).hasSize(100);
        assertThat(hub.twins().get(DeviceId.of("d-000")).desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.twins().get(DeviceId.of("d-001")).desired().getString("firmware.version")).isEmpty();
        // Virtual time moved by the polls only, not by real waiting; the job needed about 10 s at 10 devices/s.
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    @Test
    void await_pastTheTimeout_throwsAndTheJobGoesOn() {
        devices(200);
        JobHandle job = client.jobs().beginTwinUpdate("slow", "tags.wave >= 0", FW2,
                clock.instant().plus(Duration.ofHours(1)), Duration.ofHours(2)); // starts in an hour

        assertThatThrownBy(() -> job.await(Duration.ofMinutes(5)))
                .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("slow")
                .hasMessageContaining("goes on");
        assertThat(job.snapshot().status().isFinal()).isFalse();
        assertThat(job.await(Duration.ofHours(3)).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void cancelled_isAResultNotAnException() {
        devices(20);
        JobHandle job = client.jobs().beginTwinUpdate("to-cancel", "tags.wave >= 0", FW2,
                clock.instant().plus(Duration.ofHours(1)), Duration.ofHours(2));

        job.cancel();

        assertThat(job.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void attach_afterARestart_followsTheSameJob() {
        devices(20);
        client.jobs().beginTwinUpdate("survives", "tags.wave = 1", FW2, clock.instant(), Duration.ofHours(1));
        FleetClient restarted = FleetClient.builder().hub(hub).clock(clock).build();

        JobHandle again = restarted.jobs().attach("survives");

        assertThat(again.id()).isEqualTo("survives");
        assertThat(again.await(Duration.ofMinutes(10)).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(again.streamDeviceResults()).hasSize(10);
    }

    @Test
    void badCondition_failsBeforeAuthorizationAuditOrAnyCall() {
        devices(1);
        long before = client.statistics().total().calls();

        assertThatThrownBy(() -> client.jobs().beginTwinUpdate("bad", "tags.wave = = 1", FW2, clock.instant(),
                Duration.ofHours(1))).isInstanceOf(InvalidQueryException.class).hasMessageContaining("column");

        assertThat(audit).isEmpty();
        assertThat(client.statistics().total().calls()).isEqualTo(before);
        assertThat(client.jobs().find("bad")).isEmpty();
    }
}
