package dev.fleetops.core.azure;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.testkit.emulator.EmulatorFault;
import dev.fleetops.testkit.emulator.EmulatorFaultRule;
import dev.fleetops.testkit.emulator.IotHubEmulator;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.testkit.emulator.SpecConformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs, direct methods and failure classification of {@link AzureIotHub} against the emulator. */
class AzureJobsMethodsFaultsOnEmulatorTest {

    /**
     * The default (generous) timeouts: a short read timeout here made every test fail on a busy machine, where the
     * first calls meet a server still warming up. Only the tests about the read timeout set a short one, on a hub of
     * their own, against answers deliberately slower than it.
     */
    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final AzureIotHub hub = env.azure;

    @BeforeEach
    void fleet() {
        env.simulator.defaultBehaviour(new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(dev.fleetops.core.embedded.DeviceContext device, MethodInvocation m) {
                return MethodAnswer.now(new MethodResult(200, "{\"echo\":" + m.payloadJson() + "}"));
            }
        });
        for (int i = 0; i < 5; i++) {
            env.simulator.addDevice(DeviceId.of("dev-" + i),
                    PropertyTree.builder().put("ring", i < 3 ? 0 : 1).build(), PropertyTree.empty());
        }
    }

    @AfterEach
    void close() {
        try {
            // every request the adapter sent (through the SDK or its own REST calls) and every answer
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private Instant now() {
        return env.clock.instant();
    }

    @Test
    void twinUpdateJob_scheduleRunAndReadResults() {
        ScheduledJob scheduled = hub.jobs().scheduleTwinUpdate("job-1", "tags.ring = 0",
                TwinPatch.builder().desired("fw", "2.0").build(), now(), Duration.ofMinutes(10));

        assertThat(scheduled.jobId()).isEqualTo("job-1");
        assertThat(scheduled.type()).isEqualTo(JobType.TWIN_UPDATE);
        assertThat(scheduled.twinPatch()).contains(TwinPatch.builder().desired("fw", "2.0").build());
        assertThat(scheduled.queryCondition()).isEqualTo("tags.ring = 0");

        env.simulator.advance(Duration.ofMinutes(1));
        ScheduledJob done = hub.jobs().get("job-1");

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.statistics().succeededCount()).isEqualTo(3);
        assertThat(done.endTime()).isPresent();
        assertThat(hub.twins().get(DeviceId.of("dev-0")).desired().getString("fw")).contains("2.0");
        QueryPage<DeviceJobResult> results = hub.jobs().deviceResults("job-1", PageRequest.first());
        assertThat(results.items()).extracting(r -> r.deviceId().value())
                .containsExactlyInAnyOrder("dev-0", "dev-1", "dev-2");
        assertThat(results.items()).allSatisfy(r -> assertThat(r.status()).isEqualTo(DeviceJobStatus.COMPLETED));
    }

    @Test
    void directMethodJob_carriesTheInvocationAndOutcomes() {
        MethodInvocation reboot = new MethodInvocation("reboot", "{\"delay\":5}", Duration.ofSeconds(30),
                Duration.ofSeconds(10));

        ScheduledJob scheduled = hub.jobs().scheduleDirectMethod("job-m", "tags.ring = 1", reboot, now(),
                Duration.ofMinutes(10));
        env.simulator.advance(Duration.ofMinutes(1));

        assertThat(scheduled.type()).isEqualTo(JobType.DIRECT_METHOD);
        assertThat(scheduled.method()).contains(reboot);
        List<DeviceJobResult> results = hub.jobs().deviceResults("job-m", PageRequest.first()).items();
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.jobType()).isEqualTo(JobType.DIRECT_METHOD);
            assertThat(r.outcome()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(200));
        });
    }

    @Test
    void jobs_listPagesNewestFirstAndFilters() {
        for (int i = 0; i < 3; i++) {
            hub.jobs().scheduleTwinUpdate("job-" + i, "tags.ring = 0", TwinPatch.builder().desired("x", i).build(),
                    now(), Duration.ofMinutes(10));
            env.simulator.advance(Duration.ofSeconds(10));
        }
        List<String> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(2);
        while (true) {
            QueryPage<ScheduledJob> p = hub.jobs().list(JobFilter.all().withType(JobType.TWIN_UPDATE), page);
            p.items().forEach(j -> ids.add(j.jobId()));
            if (!p.hasMore()) {
                break;
            }
            page = page.next(p.continuationToken().get());
        }

        assertThat(ids).containsExactly("job-2", "job-1", "job-0");
        assertThat(hub.jobs().list(JobFilter.all().withType(JobType.DIRECT_METHOD), PageRequest.first())
                .items()).isEmpty();
        assertThat(hub.jobs().list(JobFilter.all().withStatus(JobStatus.COMPLETED), PageRequest.first())
                .items()).hasSize(3);
    }

    @Test
    void jobs_cancelAScheduledJob() {
        hub.jobs().scheduleTwinUpdate("later", "tags.ring = 0", TwinPatch.builder().desired("x", 1).build(),
                now().plus(Duration.ofHours(1)), Duration.ofMinutes(10));

        ScheduledJob cancelled = hub.jobs().cancel("later");

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(hub.jobs().get("later").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void jobs_unknownIdAndDuplicates() {
        assertThatThrownBy(() -> hub.jobs().get("nope")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> hub.jobs().cancel("nope")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> hub.jobs().deviceResults("nope", PageRequest.first()))
                .isInstanceOf(JobNotFoundException.class);
        hub.jobs().scheduleTwinUpdate("j", "tags.ring = 0", TwinPatch.builder().desired("x", 1).build(), now(),
                Duration.ofMinutes(1));
        assertThatThrownBy(() -> hub.jobs().scheduleTwinUpdate("j", "tags.ring = 0",
                TwinPatch.builder().desired("x", 1).build(), now(), Duration.ofMinutes(1)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void jobs_idWithPercent_scheduleGetCancel() {
        ScheduledJob twinJob = hub.jobs().scheduleTwinUpdate("50%-wave", "tags.ring = 0",
                TwinPatch.builder().desired("x", 1).build(), now().plus(Duration.ofHours(1)), Duration.ofMinutes(1));
        ScheduledJob methodJob = hub.jobs().scheduleDirectMethod("m%1", "tags.ring = 1",
                MethodInvocation.of("ping", "{\"a\":[1,2]}"), now().plus(Duration.ofHours(1)), Duration.ofMinutes(1));

        assertThat(twinJob.jobId()).isEqualTo("50%-wave");
        assertThat(twinJob.twinPatch()).contains(TwinPatch.builder().desired("x", 1).build());
        assertThat(methodJob.method().get().payloadJson()).isEqualTo("{\"a\":[1,2]}");
        assertThat(hub.jobs().get("50%-wave").status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(hub.jobs().cancel("m%1").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void jobs_idWithBackslashAndQuote_deviceResultsFindTheJob() {
        String id = "wave\\1's";
        hub.jobs().scheduleTwinUpdate(id, "tags.ring = 0", TwinPatch.builder().desired("x", 1).build(), now(),
                Duration.ofMinutes(10));
        env.simulator.advance(Duration.ofMinutes(1));

        QueryPage<DeviceJobResult> results = hub.jobs().deviceResults(id, PageRequest.first());

        assertThat(results.items()).hasSize(3).allSatisfy(r -> assertThat(r.jobId()).isEqualTo(id));
        assertThat(hub.jobs().get(id).jobId()).isEqualTo(id);
        assertThatThrownBy(() -> hub.jobs().deviceResults("other\\job", PageRequest.first()))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void jobs_invalidCondition_failsBeforeAnyCall() {
        assertThatThrownBy(() -> hub.jobs().scheduleTwinUpdate("j", "tags.ring ==", TwinPatch.builder()
                .desired("x", 1).build(), now(), Duration.ofMinutes(1))).isInstanceOf(InvalidQueryException.class);
        assertThat(env.emulator.exchanges()).isEmpty();
    }

    @Test
    void invoke_answersWithTheDevicesStatusAndPayload() {
        MethodResult r = hub.methods().invoke(DeviceId.of("dev-0"), MethodInvocation.of("ping", "{\"n\":1}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(PropertyTree.parse(r.payloadJson()).getLong("echo.n")).contains(1L);
    }

    @Test
    void invoke_offlineDevice_throwsDeviceNotOnline() {
        env.simulator.setOnline(DeviceId.of("dev-0"), false);

        assertThatThrownBy(() -> hub.methods().invoke(DeviceId.of("dev-0"), MethodInvocation.of("ping", "null")))
                .isInstanceOf(DeviceNotOnlineException.class)
                .satisfies(e -> assertThat(((DeviceNotOnlineException) e).errorCode()).isEqualTo("404103"));
    }

    @Test
    void invoke_unknownDevice_throwsDeviceNotFound() {
        assertThatThrownBy(() -> hub.methods().invoke(DeviceId.of("ghost"), MethodInvocation.of("ping", "null")))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void invoke_slowAnswer_waitsPastTheClientReadTimeout() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.slow(Duration.ofSeconds(3)))
                .on("POST", "/twins/{id}/methods").times(1));
        MethodInvocation slow = new MethodInvocation("ping", "{}", Duration.ofSeconds(5), Duration.ZERO);
        // A read timeout far below the slow answer, to show that direct methods do not depend on it.
        try (AzureIotHub shortRead = AzureIotHub.builder().connectionString(EmulatedAzureHub.CONNECTION_STRING)
                .endpoint(env.emulator.hostName()).readTimeoutSeconds(1).build()) {

            MethodResult r = shortRead.methods().invoke(DeviceId.of("dev-1"), slow);

            assertThat(r.status()).isEqualTo(200);
            assertThat(((AzureMethods) shortRead.methods()).readTimeout(5, 0))
                    .isEqualTo(Duration.ofSeconds(5 + AzureMethods.READ_MARGIN_SECONDS));
        }
    }

    @Test
    void sdkAlone_slowAnswer_failsOnItsReadTimeout() {
        // The SDK bug the adapter works around: its read timeout caps a direct method whatever the method's timeout.
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.slow(Duration.ofSeconds(3)))
                .on("POST", "/twins/{id}/methods").times(1));
        DirectMethodsClient plain = new DirectMethodsClient(env.emulator.hostName(),
                new AzureSasCredential(env.emulator.sasToken()),
                DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(1).build());

        assertThatThrownBy(() -> plain.invoke("dev-1", "ping", DirectMethodRequestOptions.builder()
                .methodResponseTimeoutSeconds(5).build())).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void restCall_throttled_carriesRetryAfter() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(7)))
                .on("GET", "/twins/{id}").times(1));

        assertThatThrownBy(() -> hub.twins().get(DeviceId.of("dev-0")))
                .isInstanceOfSatisfying(ThrottledException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("get twin of device 'dev-0'").contains("429");
                });
        assertThat(hub.twins().get(DeviceId.of("dev-0")).deviceId().value()).isEqualTo("dev-0");
    }

    @Test
    void query_throttled_carriesRetryAfter() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(3)))
                .on("POST", "/devices/query").times(1));

        assertThatThrownBy(() -> hub.queries().queryTwins("SELECT * FROM devices", PageRequest.first()))
                .isInstanceOfSatisfying(ThrottledException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    void sdkCall_throttled_isThrottledWithoutRetryAfter() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(7)))
                .on("GET", "/configurations/{id}").times(1));

        assertThatThrownBy(() -> hub.configurations().get("fw"))
                .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.retryAfter()).isEmpty());
    }

    @Test
    void deviceGet_throttled_keepsTheHubsRetryAfter() {
        // the identity is read over REST (the SDK's Device would coerce a status it does not know), which also keeps
        // the Retry-After that the SDK drops
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofSeconds(7)))
                .on("GET", "/devices/{id}").times(1));

        assertThatThrownBy(() -> hub.registry().get(DeviceId.of("dev-0")))
                .isInstanceOfSatisfying(ThrottledException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void serverBusy_isRetryableServiceUnavailable() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).times(2));

        assertThatThrownBy(() -> hub.registry().get(DeviceId.of("dev-0")))
                .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                });
        assertThatThrownBy(() -> hub.twins().get(DeviceId.of("dev-0")))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void connectionReset_isRetryableTransportFailure() {
        // HttpsURLConnection (the SDK) and HttpClient may each repeat a GET once on a dropped connection.
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetBeforeProcessing())
                .on("GET", "/devices/{id}").times(2));
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetBeforeProcessing())
                .on("GET", "/twins/{id}").times(2));

        assertThatThrownBy(() -> hub.registry().get(DeviceId.of("dev-0")))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isTrue());
        assertThatThrownBy(() -> hub.twins().get(DeviceId.of("dev-0")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("get twin of device 'dev-0' did not complete");
    }

    @Test
    void messages_neverCarryTheKeyOrToken() {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).times(1));
        FleetException e = org.junit.jupiter.api.Assertions.assertThrows(FleetException.class,
                () -> hub.twins().get(DeviceId.of("dev-0")));
        String sig = env.emulator.exchanges().get(0).requestHeader("Authorization").orElseThrow();
        assertThat(e.getMessage()).doesNotContain(sig.substring(sig.indexOf("sig=") + 4, sig.indexOf("&se=")))
                .doesNotContain(IotHubEmulator.SHARED_ACCESS_KEY);
    }

    @Test
    void close_isIdempotentAndStopsCalls() {
        hub.close();
        hub.close();

        assertThatThrownBy(() -> hub.registry().get(DeviceId.of("dev-0"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> hub.twins().get(DeviceId.of("dev-0"))).isInstanceOf(IllegalStateException.class);
    }
}
