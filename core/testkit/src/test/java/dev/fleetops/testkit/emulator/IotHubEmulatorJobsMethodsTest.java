package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.DeviceContext;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scheduled jobs and direct methods driven by the real {@link ScheduledJobsClient} and DirectMethodsClient. */
class IotHubEmulatorJobsMethodsTest extends EmulatorTestBase {

    private FleetSimulator sim;

    /** Answers "reboot" with 200 and the device id, anything else with 404. */
    private static final class Rebooter implements DeviceBehaviour {
        @Override
        public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
            if (!"reboot".equals(invocation.methodName())) {
                return MethodAnswer.now(new MethodResult(404, "{\"error\":\"unknown method\"}"));
            }
            return MethodAnswer.now(new MethodResult(200, "{\"rebooted\":\"" + device.id() + "\",\"asked\":"
                    + invocation.payloadJson() + "}"));
        }
    }

    @BeforeEach
    void fleet() {
        sim = FleetSimulator.attach(hub).defaultBehaviour(new Rebooter());
        for (int i = 0; i < 6; i++) {
            sim.addDevice(DeviceId.of("dev-" + i),
                    PropertyTree.builder().put("ring", i < 2 ? "canary" : "main").build(),
                    PropertyTree.empty());
        }
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    @Test
    void scheduleUpdateTwin_runsOnMatchingDevices() throws Exception {
        ScheduledJobsClient jobs = jobsClient();
        Twin update = new Twin();
        update.getDesiredProperties().put("fw", "2.0.0");

        ScheduledJob accepted = jobs.scheduleUpdateTwin("job-1", "tags.ring = 'canary'", update, now(), 600);
        sim.advance(Duration.ofMinutes(1));
        ScheduledJob done = jobs.get("job-1");

        assertThat(accepted.getJobType()).isEqualTo(ScheduledJobType.scheduleUpdateTwin);
        assertThat(accepted.getMaxExecutionTimeInSeconds()).isEqualTo(600);
        assertThat(done.getJobStatus()).isEqualTo(ScheduledJobStatus.completed);
        assertThat(done.getJobStatistics().getDeviceCount()).isEqualTo(2);
        assertThat(done.getJobStatistics().getSucceededCount()).isEqualTo(2);
        assertThat(done.getEndTime()).isNotNull();
        assertThat(done.getUpdateTwin().getDesiredProperties().get("fw")).isEqualTo("2.0.0");
        assertThat(hub.twins().get(DeviceId.of("dev-0")).desired().getString("fw")).contains("2.0.0");
        assertThat(hub.twins().get(DeviceId.of("dev-3")).desired().getString("fw")).isEmpty();
        JsonObject sent = JsonParser.parseString(emulator.exchanges().get(0).requestBody()).getAsJsonObject();
        assertThat(sent.get("type").getAsString()).isEqualTo("scheduleUpdateTwin");
    }

    @Test
    void scheduleUpdateTwin_sameJobIdTwice_conflict() throws Exception {
        ScheduledJobsClient jobs = jobsClient();
        Twin update = new Twin();
        update.getTags().put("wave", 1);
        jobs.scheduleUpdateTwin("job-1", "tags.ring = 'main'", update, now(), 600);

        assertThatThrownBy(() -> jobs.scheduleUpdateTwin("job-1", "tags.ring = 'main'", update, now(), 600))
                .isInstanceOf(IotHubConflictException.class);
    }

    @Test
    void scheduleDirectMethod_eachDeviceAnswers_deviceResultsQueryable() throws Exception {
        ScheduledJobsClient jobs = jobsClient();
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder().payload(Map.of("delay", 5))
                .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(5).maxExecutionTimeSeconds(300).build();

        ScheduledJob accepted = jobs.scheduleDirectMethod("reboot-1", "tags.ring = 'main'", "reboot", now(), options);
        sim.advance(Duration.ofMinutes(1));
        ScheduledJob done = jobs.get("reboot-1");
        RawQueryResponse rows = queryClient().queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId ="
                + " 'reboot-1'");
        List<JsonObject> results = new ArrayList<>();
        while (rows.hasNext()) {
            results.add(JsonParser.parseString(rows.next()).getAsJsonObject());
        }

        assertThat(accepted.getJobType()).isEqualTo(ScheduledJobType.scheduleDeviceMethod);
        assertThat(accepted.getCloudToDeviceMethod()).contains("reboot");
        assertThat(done.getJobStatus()).isEqualTo(ScheduledJobStatus.completed);
        assertThat(done.getJobStatistics().getSucceededCount()).isEqualTo(4);
        assertThat(results).hasSize(4).allSatisfy(r -> {
            JsonObject response = r.getAsJsonObject("outcome").getAsJsonObject("deviceMethodResponse");
            assertThat(response.get("status").getAsInt()).isEqualTo(200);
            assertThat(response.getAsJsonObject("payload").getAsJsonObject("asked").get("delay").getAsInt())
                    .isEqualTo(5);
        });
        assertThat(emulator.exchanges().get(2).responseHeader("x-ms-item-type")).contains("deviceJob");
    }

    @Test
    void cancel_scheduledInTheFuture_cancelled() throws Exception {
        ScheduledJobsClient jobs = jobsClient();
        Twin update = new Twin();
        update.getDesiredProperties().put("fw", "9.9.9");
        jobs.scheduleUpdateTwin("later", "tags.ring = 'main'", update, Date.from(clock.instant().plusSeconds(3600)),
                600);

        ScheduledJob cancelled = jobs.cancel("later");
        sim.advance(Duration.ofHours(2));

        assertThat(cancelled.getJobStatus()).isEqualTo(ScheduledJobStatus.cancelled);
        assertThat(hub.twins().get(DeviceId.of("dev-3")).desired().getString("fw")).isEmpty();
        assertThatThrownBy(() -> jobs.get("nope")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void queryJobsByTypeAndStatus_pagesOfTwo() throws Exception {
        ScheduledJobsClient jobs = jobsClient();
        Twin update = new Twin();
        update.getTags().put("seen", true);
        for (int i = 0; i < 5; i++) {
            jobs.scheduleUpdateTwin("j" + i, "tags.ring = 'main'", update, now(), 600);
            clock.advance(Duration.ofSeconds(1));
        }
        jobs.scheduleDirectMethod("m0", "tags.ring = 'main'", "reboot", now());
        sim.advance(Duration.ofMinutes(5));

        JobQueryResponse r = queryClient().queryJobs(ScheduledJobType.scheduleUpdateTwin, ScheduledJobStatus.completed,
                QueryPageOptions.builder().pageSize(2).build());
        List<String> ids = new ArrayList<>();
        while (r.hasNext()) {
            ids.add(r.next().getJobId());
        }

        assertThat(ids).containsExactly("j4", "j3", "j2", "j1", "j0");
        List<Exchange> queries = emulator.exchanges().stream().filter(e -> e.route().equals("GET /jobs/v2/query"))
                .toList();
        // iot-service-client 2.1.9 asks for the second page with its default page size (50), not the first's
        assertThat(queries).hasSize(2);
        assertThat(queries.get(0).queryParam("jobType")).contains("scheduleUpdateTwin");
        assertThat(queries.get(0).queryParam("jobStatus")).contains("completed");
        assertThat(queries.get(0).requestHeader("x-ms-max-item-count")).contains("2");
        assertThat(queries.get(1).requestHeader("x-ms-max-item-count")).contains("50");
        assertThat(queries.get(1).requestHeader("x-ms-continuation"))
                .isEqualTo(queries.get(0).responseHeader("x-ms-continuation"));
        assertThat(queries.get(1).queryParam("jobType")).contains("scheduleUpdateTwin");
    }

    @Test
    void queryJobsBySql_twinUpdateDeviceResults() throws Exception {
        Twin update = new Twin();
        update.getTags().put("seen", true);
        jobsClient().scheduleUpdateTwin("j", "tags.ring = 'canary'", update, now(), 600);
        sim.advance(Duration.ofMinutes(1));

        JobQueryResponse r = queryClient().queryJobs("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j'");
        List<String> devices = new ArrayList<>();
        while (r.hasNext()) {
            ScheduledJob perDevice = r.next();
            assertThat(perDevice.getJobStatus()).isEqualTo(ScheduledJobStatus.completed);
            devices.add(perDevice.getDeviceId());
        }

        assertThat(devices).containsExactly("dev-0", "dev-1");
    }

    @Test
    void invoke_connectedDevice_statusAndPayload() throws Exception {
        DirectMethodResponse r = methodsClient().invoke("dev-0", "reboot", DirectMethodRequestOptions.builder()
                .payload(Map.of("force", true)).methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0)
                .build());

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getPayloadAsJsonElement().getAsJsonObject().get("rebooted").getAsString()).isEqualTo("dev-0");
        JsonObject sent = JsonParser.parseString(emulator.exchanges().get(0).requestBody()).getAsJsonObject();
        assertThat(sent.get("methodName").getAsString()).isEqualTo("reboot");
        assertThat(sent.get("responseTimeoutInSeconds").getAsInt()).isEqualTo(30);
    }

    @Test
    void invoke_unknownMethod_deviceStatusPassedThrough() throws Exception {
        DirectMethodResponse r = methodsClient().invoke("dev-0", "selfDestruct");

        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(emulator.exchanges().get(0).status()).isEqualTo(200);
    }

    @Test
    void invoke_deviceSlowerThanResponseTimeout_gatewayTimeout() {
        sim.behaviour(DeviceId.of("dev-5"), new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                return new MethodAnswer(new MethodResult(200, "{}"), Duration.ofSeconds(60));
            }
        });

        assertThatThrownBy(() -> methodsClient().invoke("dev-5", "reboot", DirectMethodRequestOptions.builder()
                .methodResponseTimeoutSeconds(10).build()))
                .isInstanceOf(IotHubGatewayTimeoutException.class);
        assertThat(emulator.exchanges().get(0).responseHeader("iothub-errorcode")).contains("GatewayTimeout");
    }

    @Test
    void tierS1_secondActiveJob_throttledMaxActiveJobCount() throws Exception {
        emulator.close();
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        emulator = IotHubEmulator.start(s1);
        Twin update = new Twin();
        update.getTags().put("x", 1);
        Date later = Date.from(clock.instant().plusSeconds(3600));
        jobsClient().scheduleUpdateTwin("first", "tags.ring = 'main'", update, later, 600);

        assertThatThrownBy(() -> jobsClient().scheduleUpdateTwin("second", "tags.ring = 'main'", update, later, 600))
                .isInstanceOf(com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException.class)
                .hasMessageContaining("ThrottlingMaxActiveJobCountExceeded");
    }

    @Test
    void invoke_offlineDevice_notFoundDeviceNotOnline() {
        sim.setOnline(DeviceId.of("dev-0"), false);

        assertThatThrownBy(() -> methodsClient().invoke("dev-0", "reboot"))
                .isInstanceOfSatisfying(IotHubNotFoundException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(404103)); // DeviceNotOnline, not just 404
    }
}
