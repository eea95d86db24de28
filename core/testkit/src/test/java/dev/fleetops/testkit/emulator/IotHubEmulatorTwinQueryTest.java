package dev.fleetops.testkit.emulator;

import dev.fleetops.core.model.ETag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twins and queries driven by the real {@link TwinClient} and {@link QueryClient}. */
class IotHubEmulatorTwinQueryTest extends EmulatorTestBase {

    private void load(int count) {
        for (int i = 0; i < count; i++) {
            hub.load(dev.fleetops.core.model.Twin.builder(DeviceId.of(String.format("dev-%03d", i)))
                    .tags(PropertyTree.builder().put("region", i % 3 == 0 ? "eu" : "us").put("bucket", i).build())
                    .reported(PropertyTree.builder().put("fw", i % 4 == 0 ? "1.0.0" : "1.1.0").build())
                    .build());
        }
    }

    @Test
    void getTwin_loadedDevice_tagsPropertiesAndVersions() throws Exception {
        load(1);

        Twin t = twinClient().get("dev-000");

        assertThat(t.getDeviceId()).isEqualTo("dev-000");
        assertThat(t.getTags().get("region")).isEqualTo("eu");
        assertThat(t.getReportedProperties().get("fw")).isEqualTo("1.0.0");
        assertThat(ETag.of(t.getETag())).isEqualTo(hub.twins().get(DeviceId.of("dev-000")).etag());
        assertThat(t.getVersion()).isEqualTo(1);
    }

    @Test
    void getTwin_missing_notFound() {
        assertThatThrownBy(() -> twinClient().get("nobody")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void patch_sdkPostWithMethodOverrideAndEtag_appliesMergePatch() throws Exception {
        load(1);
        TwinClient twins = twinClient();
        Twin t = twins.get("dev-000");
        t.getDesiredProperties().put("fw", "2.0.0");
        t.getTags().put("region", null);
        t.getTags().put("ring", "canary");

        Twin patched = twins.patch(t, t.getETag());

        Exchange ex = emulator.exchanges().get(1);
        assertThat(ex.wireMethod()).isEqualTo("POST");
        assertThat(ex.method()).isEqualTo("PATCH");
        assertThat(ex.requestHeader("X-HTTP-Method-Override")).contains("PATCH");
        assertThat(ex.requestHeader("If-Match")).contains(t.getETag());
        assertThat(patched.getDesiredProperties().get("fw")).isEqualTo("2.0.0");
        dev.fleetops.core.model.Twin stored = hub.twins().get(DeviceId.of("dev-000"));
        assertThat(stored.tags().get("region")).isEmpty();
        assertThat(stored.tags().getString("ring")).contains("canary");
        assertThat(stored.desiredVersion()).isEqualTo(2);
        assertThat(ETag.of(patched.getETag())).isEqualTo(stored.etag());
    }

    @Test
    void patch_staleEtag_preconditionFailedAndHubUnchanged() throws Exception {
        load(1);
        TwinClient twins = twinClient();
        Twin t = twins.get("dev-000");
        String stale = t.getETag();
        t.getDesiredProperties().put("fw", "2.0.0");
        twins.patch(t, stale);

        assertThatThrownBy(() -> twins.patch(t, stale)).isInstanceOf(IotHubPreconditionFailedException.class);
        assertThat(hub.twins().get(DeviceId.of("dev-000")).version()).isEqualTo(2);
    }

    @Test
    void realPatchMethod_overRest_honoursIfMatch() throws Exception {
        load(1);
        ETag etag = hub.twins().get(DeviceId.of("dev-000")).etag();
        String body = "{\"properties\":{\"desired\":{\"mode\":\"eco\"}}}";

        HttpResponse<String> ok = rest("PATCH", "/twins/dev-000", body, Map.of("If-Match", "\"" + etag + "\""));
        HttpResponse<String> stale = rest("PATCH", "/twins/dev-000", body, Map.of("If-Match", etag.value()));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(emulator.exchanges().get(0).wireMethod()).isEqualTo("PATCH");
        assertThat(hub.twins().get(DeviceId.of("dev-000")).desired().getString("mode")).contains("eco");
    }

    @Test
    void queryTwins_120Devices_sdkPagesThroughThreePagesWithContinuation() throws Exception {
        load(120);
        QueryClient query = queryClient();

        TwinQueryResponse response = query.queryTwins("SELECT * FROM devices",
                QueryPageOptions.builder().pageSize(50).build());
        List<String> ids = new ArrayList<>();
        while (response.hasNext()) {
            ids.add(response.next().getDeviceId());
        }

        assertThat(ids).hasSize(120).doesNotHaveDuplicates().isSorted();
        List<Exchange> ex = emulator.exchanges();
        assertThat(ex).hasSize(3);
        assertThat(ex).allSatisfy(e -> {
            assertThat(e.requestHeader("x-ms-max-item-count")).contains("50");
            assertThat(e.responseHeader("x-ms-item-type")).contains("twin");
        });
        assertThat(ex.get(0).requestHeader("x-ms-continuation")).isEmpty();
        assertThat(ex.get(1).requestHeader("x-ms-continuation"))
                .isEqualTo(ex.get(0).responseHeader("x-ms-continuation"));
        assertThat(ex.get(2).requestHeader("x-ms-continuation"))
                .isEqualTo(ex.get(1).responseHeader("x-ms-continuation"));
        assertThat(ex.get(2).responseHeader("x-ms-continuation")).isEmpty();
        assertThat(JsonParser.parseString(ex.get(0).requestBody()).getAsJsonObject().get("query").getAsString())
                .isEqualTo("SELECT * FROM devices");
    }

    @Test
    void queryTwins_explicitContinuationToken_resumesWhereThePageEnded() throws Exception {
        load(30);
        QueryClient query = queryClient();
        TwinQueryResponse first = query.queryTwins("SELECT * FROM devices WHERE tags.region = 'us'",
                QueryPageOptions.builder().pageSize(5).build());
        String token = first.getContinuationToken();

        TwinQueryResponse second = query.queryTwins("SELECT * FROM devices WHERE tags.region = 'us'",
                QueryPageOptions.builder().pageSize(5).continuationToken(token).build());

        assertThat(token).isNotEmpty();
        assertThat(second.next().getDeviceId()).isEqualTo("dev-008");
    }

    @Test
    void queryRaw_groupByAggregate_rowsWithHubNames() throws Exception {
        load(20);

        RawQueryResponse rows = queryClient().queryRaw("SELECT properties.reported.fw AS fw, COUNT() AS n FROM"
                + " devices GROUP BY properties.reported.fw");
        Map<String, Long> counts = new HashMap<>();
        while (rows.hasNext()) {
            JsonObject row = JsonParser.parseString(rows.next()).getAsJsonObject();
            counts.put(row.get("fw").getAsString(), row.get("n").getAsLong());
        }

        assertThat(counts).containsOnly(Map.entry("1.0.0", 5L), Map.entry("1.1.0", 15L));
        assertThat(emulator.exchanges().get(0).responseHeader("x-ms-item-type")).contains("raw");
    }

    @Test
    void queryRaw_projectionOverPages_countAndDeviceIds() throws Exception {
        load(7);

        RawQueryResponse count = queryClient()
                .queryRaw("SELECT COUNT() AS total FROM devices WHERE tags.region = 'eu'");
        RawQueryResponse ids = queryClient().queryRaw("SELECT deviceId FROM devices WHERE tags.bucket >= 4",
                QueryPageOptions.builder().pageSize(2).build());
        List<String> seen = new ArrayList<>();
        while (ids.hasNext()) {
            seen.add(JsonParser.parseString(ids.next()).getAsJsonObject().get("deviceId").getAsString());
        }

        assertThat(JsonParser.parseString(count.next()).getAsJsonObject().get("total").getAsLong()).isEqualTo(3);
        assertThat(seen).containsExactly("dev-004", "dev-005", "dev-006");
    }

    @Test
    void query_invalidText_badRequestNamingThePosition() {
        assertThatThrownBy(() -> queryClient().queryTwins("SELECT * FROM devices WHERE tags.region ="))
                .isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("column");
    }

    @Test
    void query_pageSizeOver100_servedAt100() throws Exception {
        load(150);

        HttpResponse<String> r = rest("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices\"}",
                Map.of("x-ms-max-item-count", "500"));

        assertThat(JsonParser.parseString(r.body()).getAsJsonArray()).hasSize(100);
        assertThat(r.headers().firstValue("x-ms-continuation")).isPresent();
    }

    @Test
    void query_continuationTokenOfAnotherQuery_badRequest() throws Exception {
        load(10);
        HttpResponse<String> first = rest("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices\"}",
                Map.of("x-ms-max-item-count", "2"));
        String token = first.headers().firstValue("x-ms-continuation").orElseThrow();

        HttpResponse<String> other = rest("POST", "/devices/query",
                "{\"query\":\"SELECT * FROM devices WHERE tags.region = 'eu'\"}", Map.of("x-ms-continuation", token));

        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("continuation token");
    }

    @Test
    void patch_emptyPatchOrReportedProperties_badRequest() throws Exception {
        load(1);

        HttpResponse<String> empty = rest("PATCH", "/twins/dev-000", "{\"tags\":{}}", Map.of());
        HttpResponse<String> reported = rest("PATCH", "/twins/dev-000",
                "{\"properties\":{\"reported\":{\"fw\":\"9\"}}}", Map.of());

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(reported.statusCode()).isEqualTo(400);
        assertThat(reported.body()).contains("reported properties belong to the device");
        assertThat(hub.twins().get(DeviceId.of("dev-000")).version()).isEqualTo(1);
    }

    @Test
    void query_emptyResult_emptyArray() throws Exception {
        load(3);

        TwinQueryResponse r = queryClient().queryTwins("SELECT * FROM devices WHERE tags.region = 'mars'");

        assertThat(r.hasNext()).isFalse();
        JsonArray body = JsonParser.parseString(emulator.exchanges().get(0).responseBody()).getAsJsonArray();
        assertThat(body).isEmpty();
    }
}
