package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spec check itself: it flags what breaks the spec and lets through only what a relaxation names. */
class SpecConformanceTest {

    private static final String TWIN_OK = "{\"deviceId\":\"d\",\"etag\":\"AAAAAAAAAAE=\",\"version\":1,"
            + "\"status\":\"enabled\",\"connectionState\":\"Disconnected\",\"modelId\":\"\","
            + "\"tags\":{\"region\":\"eu\","
            + "\"n\":3},\"properties\":{\"desired\":{\"$version\":1},\"reported\":{\"fw\":\"1.0\",\"$version\":1}}}";

    private static Exchange exchange(String method, String path, String route, Map<String, String> requestHeaders,
                                     String requestBody, int status, Map<String, String> responseHeaders,
                                     String responseBody) {
        Map<String, List<String>> rh = new LinkedHashMap<>();
        rh.put("Authorization", List.of("SharedAccessSignature sr=x&sig=y&se=1&skn=iothubowner"));
        if (!requestBody.isEmpty()) {
            rh.put("Content-Type", List.of("application/json; charset=UTF-8"));
        }
        requestHeaders.forEach((k, v) -> rh.put(k, List.of(v)));
        Map<String, String> sh = new LinkedHashMap<>(responseHeaders);
        if (!responseBody.isEmpty()) {
            sh.put("Content-Type", "application/json; charset=utf-8");
        }
        return new Exchange(1, method, method, path, route, Map.of("api-version", List.of("2021-04-12")), rh,
                requestBody, status, sh, responseBody, Optional.empty());
    }

    private static List<String> violations(Exchange e) {
        return SpecConformance.get().violations(e);
    }

    @Test
    void twinWithFreeFormValuesAndModelId_conforms() {
        assertThat(violations(exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 200, Map.of(), TWIN_OK)))
                .isEmpty();
    }

    @Test
    void twinWithWrongEnumTypeOrUnknownField_flagged() {
        String bad = TWIN_OK.replace("\"enabled\"", "\"on\"").replace("\"version\":1", "\"version\":\"1\"")
                .replace("\"modelId\":\"\"", "\"modelId\":\"\",\"bogus\":true");

        List<String> v = violations(exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 200, Map.of(), bad));

        assertThat(String.join("\n", v)).contains("response.body.schema.enum").contains("/status")
                .contains("response.body.schema.type").contains("/version")
                .contains("additionalProperties").contains("bogus");
    }

    @Test
    void unknownPath_flagged() {
        assertThat(violations(exchange("GET", "/nothing/here", "", Map.of(), "", 200, Map.of(), "{}")))
                .anyMatch(s -> s.contains("validation.request.path.missing"));
    }

    @Test
    void missingApiVersion_flagged() {
        Exchange e = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 200, Map.of(), TWIN_OK);
        Exchange without = new Exchange(1, e.method(), e.wireMethod(), e.path(), e.route(), Map.of(),
                e.requestHeaders(), "", 200, e.responseHeaders(), e.responseBody(), Optional.empty());

        assertThat(violations(without)).anyMatch(s -> s.contains("api-version"));
    }

    @Test
    void sdkPatchBodyWithNulls_conformsButWrongTypeInside_flagged() {
        String sdkBody = "{\"deviceId\":null,\"etag\":null,\"version\":null,\"status\":null,\"generationId\":null,"
                + "\"statusUpdatedTime\":null,\"tags\":{\"gone\":null},\"properties\":{\"desired\":{\"fw\":\"2\"},"
                + "\"reported\":null},\"configurations\":null}";
        Exchange ok = exchange("PATCH", "/twins/d", "PATCH /twins/{id}", Map.of(), sdkBody, 200, Map.of(), TWIN_OK);
        Exchange bad = exchange("PATCH", "/twins/d", "PATCH /twins/{id}", Map.of(),
                sdkBody.replace("\"etag\":null", "\"etag\":7"), 200, Map.of(), TWIN_OK);

        assertThat(violations(ok)).isEmpty();
        assertThat(violations(bad)).anyMatch(s -> s.contains("/etag"));
    }

    @Test
    void requestBodyWithoutContentType_flagged() {
        Exchange e = exchange("PATCH", "/twins/d", "PATCH /twins/{id}", Map.of(), "{\"tags\":{\"a\":1}}", 200,
                Map.of(), TWIN_OK);
        Map<String, List<String>> headers = new LinkedHashMap<>(e.requestHeaders());
        headers.remove("Content-Type");
        Exchange without = new Exchange(1, e.method(), e.wireMethod(), e.path(), e.route(), e.query(), headers,
                e.requestBody(), 200, e.responseHeaders(), e.responseBody(), Optional.empty());

        assertThat(violations(e)).isEmpty();
        assertThat(violations(without)).anyMatch(s -> s.contains("Content-Type"));
    }

    @Test
    void errorAnswer_checkedAgainstHubErrorShape() {
        String named = "{\"Message\":\"ErrorCode:DeviceNotFound;gone\",\"ExceptionMessage\":\"Tracking ID:1\"}";
        Exchange ok = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 404,
                Map.of("iothub-errorcode", "DeviceNotFound"), named);
        Exchange noHeader = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 404, Map.of(), named);
        Exchange mismatch = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 404,
                Map.of("iothub-errorcode", "JobNotFound"), named);
        Exchange oddStatus = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 418,
                Map.of("iothub-errorcode", "DeviceNotFound"), named);

        assertThat(violations(ok)).isEmpty();
        assertThat(violations(noHeader)).anyMatch(s -> s.contains("iothub-errorcode"));
        assertThat(violations(mismatch)).anyMatch(s -> s.contains("ErrorCode:JobNotFound;"));
        assertThat(violations(oddStatus)).anyMatch(s -> s.contains("418"));
    }

    @Test
    void rawQueryPage_rowsMustBeObjects() {
        Exchange ok = exchange("POST", "/devices/query", "POST /devices/query", Map.of(), "{\"query\":\"q\"}", 200,
                Map.of("x-ms-item-type", "raw"), "[{\"n\":3}]");
        Exchange bad = exchange("POST", "/devices/query", "POST /devices/query", Map.of(), "{\"query\":\"q\"}", 200,
                Map.of("x-ms-item-type", "raw"), "[3]");
        Exchange twinPageWithRows = exchange("POST", "/devices/query", "POST /devices/query", Map.of(),
                "{\"query\":\"q\"}", 200, Map.of("x-ms-item-type", "twin"), "[{\"n\":3}]");

        assertThat(violations(ok)).isEmpty();
        assertThat(violations(bad)).anyMatch(s -> s.contains("not a JSON object"));
        assertThat(violations(twinPageWithRows)).anyMatch(s -> s.contains("additionalProperties"));
    }

    @Test
    void jobQuery_arrayOfJobs_conformsObjectDoesNot() {
        String job = "{\"jobId\":\"j\",\"type\":\"scheduleUpdateTwin\",\"status\":\"completed\"}";
        Exchange ok = exchange("GET", "/jobs/v2/query", "GET /jobs/v2/query", Map.of(), "", 200,
                Map.of("x-ms-item-type", "jobResponse"), "[" + job + "]");
        Exchange wrongStatus = exchange("GET", "/jobs/v2/query", "GET /jobs/v2/query", Map.of(), "", 200,
                Map.of(), "[" + job.replace("completed", "done") + "]");

        assertThat(violations(ok)).isEmpty();
        assertThat(violations(wrongStatus)).anyMatch(s -> s.contains("/0/status"));
    }

    @Test
    void assertConforms_failureNamesExchangeProblemAndBody() {
        Exchange bad = exchange("GET", "/twins/d", "GET /twins/{id}", Map.of(), "", 200, Map.of(),
                TWIN_OK.replace("\"enabled\"", "\"on\""));

        assertThatThrownBy(() -> SpecConformance.assertConforms(List.of(bad)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("#1 GET /twins/d -> 200")
                .hasMessageContaining("/status")
                .hasMessageContaining("response body: {\"deviceId\":\"d\"");
        assertThatCode(() -> SpecConformance.assertConforms(List.of())).doesNotThrowAnyException();
    }

    @Test
    void vendoredSpec_isTheRecordedUnmodifiedCopy() {
        assertThatCode(SpecConformance::loadSpec).doesNotThrowAnyException();
    }

    @Test
    void relaxationsMarkdown_listsEveryRelaxationWithItsReason() throws IOException {
        String md;
        try (InputStream in = getClass().getResourceAsStream("/specs/RELAXATIONS.md")) {
            assertThat(in).as("specs/RELAXATIONS.md on the test class path").isNotNull();
            md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (SpecConformance.Relaxation r : SpecConformance.RELAXATIONS) {
            assertThat(md).as("RELAXATIONS.md names " + r).contains("`" + r.name() + "`");
        }
        assertThat(md.split("\n## ", -1)).hasSize(SpecConformance.RELAXATIONS.size() + 1);
    }
}
