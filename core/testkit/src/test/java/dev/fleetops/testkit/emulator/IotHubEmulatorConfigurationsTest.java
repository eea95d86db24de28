package dev.fleetops.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configurations driven by the real {@link ConfigurationsClient}, and what it lacks over plain REST. */
class IotHubEmulatorConfigurationsTest extends EmulatorTestBase {

    private static Configuration firmwareConfiguration(String id, String version) {
        Configuration c = new Configuration(id);
        c.setTargetCondition("tags.site = 'plant-7'");
        c.setPriority(10);
        HashMap<String, String> labels = new HashMap<>();
        labels.put("team", "fleet");
        c.setLabels(labels);
        ConfigurationContent content = new ConfigurationContent();
        content.setDeviceContent(Map.of("properties.desired.firmware", Map.of("version", version)));
        c.setContent(content);
        ConfigurationMetrics metrics = new ConfigurationMetrics();
        metrics.setQueries(Map.of("current", "SELECT deviceId FROM devices WHERE properties.reported.firmware.version"
                + " = '" + version + "'"));
        c.setMetrics(metrics);
        return c;
    }

    private void loadSite(int count) {
        for (int i = 0; i < count; i++) {
            hub.load(dev.fleetops.core.model.Twin.builder(DeviceId.of("d" + i))
                    .tags(PropertyTree.builder().put("site", i % 2 == 0 ? "plant-7" : "plant-8").build()).build());
        }
    }

    @Test
    void create_thenGet_contentTargetAndMetricsAfterAPass() throws Exception {
        loadSite(4);
        ConfigurationsClient client = configurationsClient();

        Configuration created = client.create(firmwareConfiguration("fw-2", "2.0.0"));
        clock.advance(Duration.ofMinutes(1));
        hub.runDueWork();
        Configuration read = client.get("fw-2");

        assertThat(emulator.exchanges().get(0).status()).isEqualTo(201);
        assertThat(created.getEtag()).isNotEmpty();
        assertThat(read.getTargetCondition()).isEqualTo("tags.site = 'plant-7'");
        assertThat(read.getPriority()).isEqualTo(10);
        assertThat(read.getLabels()).containsEntry("team", "fleet");
        assertThat(read.getContent().getDeviceContent()).containsKey("properties.desired.firmware");
        assertThat(read.getSystemMetrics().getResults()).containsEntry("targetedCount", 2L)
                .containsEntry("appliedCount", 2L);
        assertThat(read.getMetrics().getQueries()).containsKey("current");
        assertThat(hub.twins().get(DeviceId.of("d0")).desired().getString("firmware.version")).contains("2.0.0");
    }

    @Test
    void create_existingId_conflict() throws Exception {
        ConfigurationsClient client = configurationsClient();
        client.create(firmwareConfiguration("fw-2", "2.0.0"));

        assertThatThrownBy(() -> client.create(firmwareConfiguration("fw-2", "2.0.0")))
                .isInstanceOf(IotHubConflictException.class)
                .hasMessageContaining("\"errorCode\":409001");
    }

    @Test
    void listTop_replaceWithIfMatchStar_delete() throws Exception {
        ConfigurationsClient client = configurationsClient();
        client.create(firmwareConfiguration("fw-1", "1.0.0"));
        Configuration two = client.create(firmwareConfiguration("fw-2", "2.0.0"));

        List<Configuration> top1 = client.get(1);
        two.setPriority(20);
        Configuration replaced = client.replace(two);
        client.delete("fw-1");

        assertThat(top1).hasSize(1);
        assertThat(emulator.exchanges().get(2).queryParam("top")).contains("1");
        assertThat(emulator.exchanges().get(3).requestHeader("If-Match")).contains("*");
        assertThat(replaced.getPriority()).isEqualTo(20);
        assertThat(replaced.getEtag()).isNotEqualTo(two.getEtag());
        assertThat(hub.configurations().list(100)).extracting(dev.fleetops.core.model.Configuration::id)
                .containsExactly("fw-2");
        assertThatThrownBy(() -> client.get("fw-1")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void putWithIfMatchEtag_overRest_updatesOrFailsOnStaleEtag() throws Exception {
        Configuration created = configurationsClient().create(firmwareConfiguration("fw-2", "2.0.0"));
        JsonObject body = JsonParser.parseString(emulator.exchanges().get(0).responseBody()).getAsJsonObject();
        body.addProperty("priority", 30);

        HttpResponse<String> ok = rest("PUT", "/configurations/fw-2", body.toString(),
                Map.of("If-Match", "\"" + created.getEtag() + "\""));
        HttpResponse<String> stale = rest("PUT", "/configurations/fw-2", body.toString(),
                Map.of("If-Match", "\"" + created.getEtag() + "\""));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(hub.configurations().get("fw-2").priority()).isEqualTo(30);
    }

    @Test
    void putWithIfMatch_changedContent_refusedAsImmutable() throws Exception {
        configurationsClient().create(firmwareConfiguration("fw-2", "2.0.0"));
        JsonObject body = JsonParser.parseString(emulator.exchanges().get(0).responseBody()).getAsJsonObject();
        body.getAsJsonObject("content").getAsJsonObject("deviceContent")
                .addProperty("properties.desired.firmware", "3.0.0");

        HttpResponse<String> r = rest("PUT", "/configurations/fw-2", body.toString(), Map.of("If-Match", "*"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("CannotModifyImmutableConfigurationContent");
    }

    @Test
    void listTop_outOfRange_clampedOrRefused() throws Exception {
        configurationsClient().create(firmwareConfiguration("fw-1", "1.0.0"));

        HttpResponse<String> many = rest("GET", "/configurations?top=500", null, Map.of());
        HttpResponse<String> none = rest("GET", "/configurations?top=0", null, Map.of());

        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(many.body()).getAsJsonArray()).hasSize(1);
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void testQueries_reportsErrorsPerQuery() throws Exception {
        String body = "{\"targetCondition\":\"tags.site = \",\"customMetricQueries\":{"
                + "\"ok\":\"SELECT deviceId FROM devices WHERE properties.reported.x = 1\","
                + "\"bad\":\"SELECT deviceId FROM devices WHERE\"}}";

        HttpResponse<String> r = rest("POST", "/configurations/testQueries", body, Map.of());
        HttpResponse<String> fine = rest("POST", "/configurations/testQueries",
                "{\"targetCondition\":\"tags.site = 'plant-7'\",\"customMetricQueries\":{}}", Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject result = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(result.get("targetConditionError").getAsString()).contains("column");
        assertThat(result.getAsJsonObject("customMetricQueryErrors").keySet()).containsExactly("bad");
        JsonObject clean = JsonParser.parseString(fine.body()).getAsJsonObject();
        assertThat(clean.get("targetConditionError").getAsString()).isEmpty();
        assertThat(clean.getAsJsonObject("customMetricQueryErrors").keySet()).isEmpty();
    }
}
