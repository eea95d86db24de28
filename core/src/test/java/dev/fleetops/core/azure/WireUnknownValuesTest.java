package dev.fleetops.core.azure;

import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Azure backend reads when the hub sends a value this client does not know yet: the value is kept, nothing
 * is coerced to a known constant, and a query page with such a twin is read whole.
 */
class WireUnknownValuesTest {

    private static final String KNOWN = "{\"deviceId\":\"d1\",\"status\":\"enabled\",\"version\":2}";
    private static final String NEW_STATUS = "{\"deviceId\":\"d2\",\"status\":\"suspended\","
            + "\"authenticationType\":\"tpm\",\"connectionState\":\"Reconnecting\",\"version\":3,"
            + "\"configurations\":{\"fw\":{\"status\":\"Pending\"}}}";

    @Test
    void queryPage_withOneTwinInAStatusTheClientDoesNotKnow_isReadWhole() {
        HubRest.Response answer = new HubRest.Response(200, "[" + KNOWN + "," + NEW_STATUS + "," + KNOWN
                .replace("d1", "d3") + "]", HttpHeaders.of(Map.of("x-ms-continuation", List.of("tok")),
                (a, b) -> true));

        QueryPage<Twin> page = AzureQueries.page(answer.body(), answer, Wire::twin);

        assertThat(page.items()).extracting(t -> t.deviceId().value()).containsExactly("d1", "d2", "d3");
        Twin d2 = page.items().get(1);
        assertThat(d2.status().isUnknown()).isTrue();
        assertThat(d2.status().wireName()).isEqualTo("suspended");
        assertThat(d2.authenticationType().wireName()).isEqualTo("tpm");
        assertThat(d2.connectionState().wireName()).isEqualTo("Reconnecting");
        assertThat(d2.configurations().get("fw").wireName()).isEqualTo("Pending");
        assertThat(page.continuationToken()).contains("tok");
    }

    @Test
    void deviceIdentity_withNewStatusAndAuthenticationType_keepsThem_andWritesThemBack() {
        Device d = Wire.device(PropertyTree.parse("{\"deviceId\":\"d1\",\"status\":\"quarantined\","
                + "\"authentication\":{\"type\":\"tpm\"},\"connectionState\":\"Reconnecting\"}"));

        assertThat(d.status()).isNotIn(DeviceStatus.ENABLED, DeviceStatus.DISABLED);
        assertThat(d.status().wireName()).isEqualTo("quarantined");
        assertThat(d.authenticationType()).isNotEqualTo(AuthenticationType.SAS);
        assertThat(d.connectionState()).isNotIn(ConnectionState.CONNECTED, ConnectionState.DISCONNECTED);
        assertThat(Wire.deviceJson(d, null).get("status").getAsString()).isEqualTo("quarantined");
    }

    @Test
    void job_inAStatusTheClientDoesNotKnow_isNotTakenForQueued() {
        String json = "{\"jobId\":\"j1\",\"type\":\"scheduleUpdateTwin\",\"status\":\"paused\","
                + "\"queryCondition\":\"*\",\"createdTime\":\"2026-12-01T00:00:00Z\","
                + "\"startTime\":\"2026-12-01T00:00:00Z\",\"maxExecutionTimeInSeconds\":60,"
                + "\"updateTwin\":{\"etag\":\"*\",\"tags\":{\"a\":1}}}";

        ScheduledJob job = Wire.job(json).orElseThrow();

        assertThat(job.status()).isNotEqualTo(JobStatus.QUEUED);
        assertThat(job.status().wireName()).isEqualTo("paused");
        assertThat(job.status().isFinal()).isFalse();
        assertThat(Wire.job(json.replace("paused", "enqueued")).orElseThrow().status()).isSameAs(JobStatus.QUEUED);
        assertThat(Wire.job(json.replace("scheduleUpdateTwin", "rotateKeys"))).isEmpty(); // a type added later
    }

    @Test
    void deviceJobStatus_newNameKept_bothCancelledSpellingsRead() {
        assertThat(Wire.deviceJobStatus("paused").wireName()).isEqualTo("paused");
        assertThat(Wire.deviceJobStatus("paused")).isNotEqualTo(DeviceJobStatus.PENDING);
        assertThat(Wire.deviceJobStatus("canceled")).isSameAs(DeviceJobStatus.CANCELLED);
        assertThat(Wire.deviceJobStatus("Cancelled")).isSameAs(DeviceJobStatus.CANCELLED);
    }
}
