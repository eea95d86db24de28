package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the hub would refuse as malformed: the emulator answers them as IoT Hub does (400 with its error body and
 * {@code iothub-errorcode}), never with a server error, and records them. These exchanges are malformed on purpose,
 * so the spec check is off.
 */
class IotHubEmulatorMalformedRequestsTest extends EmulatorTestBase {

    @BeforeEach
    void malformedOnPurpose() {
        skipSpecCheck = true;
    }

    /** Sends a request with a raw URL (java.net.URI refuses bad escapes, HttpURLConnection sends them as they are). */
    private int rawGet(String pathAndQuery, StringBuilder body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(emulator.baseUrl() + pathAndQuery).openConnection();
        c.setRequestProperty("Authorization", emulator.sasToken());
        try {
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            if (in != null) {
                try (in) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    body.append(out.toString(StandardCharsets.UTF_8));
                }
            }
            return status;
        } finally {
            c.disconnect();
        }
    }

    private Exchange last() {
        var all = emulator.exchanges();
        assertThat(all).as("recorded exchanges").isNotEmpty();
        return all.get(all.size() - 1);
    }

    /** The hub's current error body: a JSON string in {@code Message} with the six-digit code of {@code name}. */
    private static void assertHubError(String body, String name) {
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        JsonObject inner = JsonParser.parseString(o.get("Message").getAsString()).getAsJsonObject();
        assertThat(inner.get("errorCode").getAsInt()).isEqualTo(name.equals("ArgumentInvalid") ? 400004 : -1);
        assertThat(inner.has("trackingId")).isTrue();
        assertThat(inner.has("timestampUtc")).isTrue();
    }

    @Test
    void badPercentEscapeInTheQueryString_400WithTheHubsErrorBody_andRecorded() throws Exception {
        StringBuilder body = new StringBuilder();

        int status = rawGet("/statistics/devices?api-version=" + IotHubEmulator.API_VERSION + "&x=%zz", body);

        assertThat(status).isEqualTo(400);
        assertHubError(body.toString(), "ArgumentInvalid");
        assertThat(body.toString()).contains("%zz");
        Exchange e = last();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.path()).isEqualTo("/statistics/devices");
        assertThat(e.responseHeader("iothub-errorcode")).contains("ArgumentInvalid");
    }

    @Test
    void jobStartTimeBeyondTheLastInstant_400NotAServerError() throws Exception {
        HttpResponse<String> r = rest("PUT", "/jobs/v2/j1", "{\"jobId\":\"j1\",\"type\":\"scheduleUpdateTwin\","
                + "\"queryCondition\":\"tags.ring = 0\",\"startTime\":\"+1000000000-12-31T23:59:59Z\","
                + "\"maxExecutionTimeInSeconds\":60,\"updateTwin\":{\"tags\":{\"a\":1}}}", Map.of());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("ArgumentInvalid");
        assertHubError(r.body(), "ArgumentInvalid");
        assertThat(last().status()).isEqualTo(400);
    }
}
