package dev.fleetops.core.azure;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.testkit.emulator.EmulatorFault;
import dev.fleetops.testkit.emulator.EmulatorFaultRule;
import dev.fleetops.testkit.emulator.Exchange;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.DeviceContext;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * State-changing calls through FleetClient and {@link AzureIotHub} when the hub applies the request and the
 * connection drops before its answer. The JDK's {@code HttpURLConnection} (under the SDK) would send such a request
 * a second time by itself, below FleetClient's call policy; these calls must instead reach the hub exactly once per
 * attempt, so that FleetClient sees the lost answer and decides by the call's safety.
 */
class LostAnswersOnAzureTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final FleetClient client = FleetClient.builder().hub(env.azure).clock(env.clock).build();

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private void loseTheAnswerOnce(String method, String pathTemplate) {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on(method, pathTemplate)
                .times(1));
    }

    private List<String> sent(String method, String path) {
        return env.emulator.exchanges().stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path))
                .map(e -> e.connectionReset() ? "reset" : Integer.toString(e.status()))
                .collect(Collectors.toList());
    }

    @Test
    void invoke_answerLost_methodRunsOnceAndCallerGetsTransportException() {
        AtomicInteger runs = new AtomicInteger();
        env.simulator.defaultBehaviour(new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation m) {
                runs.incrementAndGet();
                return MethodAnswer.now(new MethodResult(200, "{}"));
            }
        });
        env.simulator.addDevice(DeviceId.of("d1"), PropertyTree.empty(), PropertyTree.empty());
        loseTheAnswerOnce("POST", "/twins/{id}/methods");

        assertThatThrownBy(() -> client.methods().invoke(DeviceId.of("d1"), MethodInvocation.of("reboot", "{}")))
                .isInstanceOf(TransportException.class);

        assertThat(runs.get()).as("times the device's method ran").isEqualTo(1);
        assertThat(sent("POST", "/twins/d1/methods")).containsExactly("reset");
    }

    @Test
    void scheduleJob_answerLost_fleetClientResolvesTheConflictToTheCallersJob() {
        env.simulator.addDevice(DeviceId.of("d1"), PropertyTree.builder().put("ring", 0).build(),
                PropertyTree.empty());
        loseTheAnswerOnce("PUT", "/jobs/v2/{id}");

        ScheduledJob job = client.jobs().scheduleTwinUpdate("wave-1", "tags.ring = 0",
                TwinPatch.builder().desired("fw", "2.0").build(), env.clock.instant(), Duration.ofMinutes(10));

        assertThat(job.jobId()).isEqualTo("wave-1");
        assertThat(job.type()).isEqualTo(JobType.TWIN_UPDATE);
        assertThat(sent("PUT", "/jobs/v2/wave-1")).containsExactly("reset", "409");
        assertThat(client.statistics().of(OperationClass.JOBS).retries()).isEqualTo(1);
        assertThat(env.hub.jobs().list(JobFilter.all(), PageRequest.first()).items())
                .extracting(ScheduledJob::jobId).containsExactly("wave-1");
    }

    @Test
    void scheduleMethodJob_answerLost_fleetClientResolvesTheConflictToTheCallersJob() {
        loseTheAnswerOnce("PUT", "/jobs/v2/{id}");

        ScheduledJob job = client.jobs().scheduleDirectMethod("reboot-1", "tags.ring = 0",
                MethodInvocation.of("reboot", "{}"), env.clock.instant().plus(Duration.ofHours(1)),
                Duration.ofMinutes(10));

        assertThat(job.jobId()).isEqualTo("reboot-1");
        assertThat(job.type()).isEqualTo(JobType.DIRECT_METHOD);
        assertThat(sent("PUT", "/jobs/v2/reboot-1")).containsExactly("reset", "409");
    }

    @Test
    void createDevice_answerLost_callerGetsTransportExceptionAndTheDeviceExistsOnce() {
        loseTheAnswerOnce("PUT", "/devices/{id}");

        assertThatThrownBy(() -> client.devices().create(Device.of(DeviceId.of("d1"))))
                .isInstanceOf(TransportException.class);

        assertThat(env.hub.registry().get(DeviceId.of("d1")).id().value()).isEqualTo("d1");
        assertThat(sent("PUT", "/devices/d1")).containsExactly("reset");
        assertThat(env.hub.registry().statistics().totalDevices()).isEqualTo(1);
    }

    @Test
    void createConfiguration_answerLost_callerGetsTransportExceptionAndTheConfigurationExistsOnce() {
        loseTheAnswerOnce("PUT", "/configurations/{id}");
        Configuration fw = Configuration.builder("fw-3").targetCondition("tags.ring = 0")
                .content("properties.desired.fw", "3.0").build();

        assertThatThrownBy(() -> client.configurations().create(fw)).isInstanceOf(TransportException.class);

        assertThat(env.hub.configurations().get("fw-3").id()).isEqualTo("fw-3");
        assertThat(sent("PUT", "/configurations/fw-3")).containsExactly("reset");
        assertThat(env.hub.configurations().list(20)).hasSize(1);
    }

    @Test
    void deleteDevice_answerLost_fleetClientRetriesAndReportsFalse() {
        // The retry finds no device: the adapter cannot tell "my lost attempt deleted it" from "it was absent", and
        // Devices.delete documents false for this case.
        client.devices().create(Device.of(DeviceId.of("d1")));
        loseTheAnswerOnce("DELETE", "/devices/{id}");

        boolean deleted = client.devices().delete(DeviceId.of("d1"));

        assertThat(deleted).isFalse();
        assertThat(env.hub.registry().statistics().totalDevices()).isZero();
        assertThat(sent("DELETE", "/devices/d1")).containsExactly("reset", "404");
        assertThat(client.statistics().of(OperationClass.REGISTRY).retries()).isEqualTo(1);
    }

    @Test
    void deleteConfiguration_answerLost_fleetClientRetriesAndReportsFalse() {
        client.configurations().create(Configuration.builder("fw-3").targetCondition("tags.ring = 0")
                .content("properties.desired.fw", "3.0").build());
        loseTheAnswerOnce("DELETE", "/configurations/{id}");

        boolean deleted = client.configurations().delete("fw-3");

        assertThat(deleted).isFalse();
        assertThat(env.hub.configurations().list(20)).isEmpty();
        assertThat(sent("DELETE", "/configurations/fw-3")).containsExactly("reset", "404");
        assertThat(client.statistics().of(OperationClass.CONFIGURATIONS).retries()).isEqualTo(1);
    }

    @Test
    void guardedDelete_answerLost_retrySendsTheSameETag() {
        Device d = client.devices().create(Device.of(DeviceId.of("d1")));
        loseTheAnswerOnce("DELETE", "/devices/{id}");

        assertThat(client.devices().delete(DeviceId.of("d1"), d.etag())).isFalse();

        List<Exchange> deletes = env.emulator.exchanges().stream().filter(e -> e.method().equals("DELETE"))
                .collect(Collectors.toList());
        assertThat(deletes).hasSize(2).allSatisfy(e -> assertThat(e.requestHeader("If-Match")).contains(d.etag().value()));
    }
}
