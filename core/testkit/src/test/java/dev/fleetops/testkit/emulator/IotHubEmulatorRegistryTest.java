package dev.fleetops.testkit.emulator;

import java.util.List;
import dev.fleetops.core.model.ETag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.exceptions.ErrorCodeDescription;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import dev.fleetops.core.model.DeviceId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry routes driven by the real {@link RegistryClient}, and bulk over plain REST. */
class IotHubEmulatorRegistryTest extends EmulatorTestBase {

    @Test
    void addDevice_newId_registersInHubWithKeysAndEtag() throws Exception {
        RegistryClient registry = registryClient();

        Device added = registry.addDevice(new Device("dev-1"));
        Device read = registry.getDevice("dev-1");

        assertThat(added.getDeviceId()).isEqualTo("dev-1");
        assertThat(read.getETag()).isEqualTo(added.getETag()).isNotEmpty();
        assertThat(read.getAuthenticationType()).isEqualTo(AuthenticationType.SAS);
        assertThat(read.getPrimaryKey()).isEqualTo(added.getPrimaryKey()).isNotEmpty();
        assertThat(hub.registry().get(DeviceId.of("dev-1")).etag()).isEqualTo(ETag.of(read.getETag()));
        Exchange put = emulator.exchanges().get(0);
        assertThat(put.route()).isEqualTo("PUT /devices/{id}");
        assertThat(put.requestHeader("If-Match")).isEmpty();
    }

    @Test
    void addDevice_existingId_conflictDeviceAlreadyExists() throws Exception {
        RegistryClient registry = registryClient();
        registry.addDevice(new Device("dev-1"));

        assertThatThrownBy(() -> registry.addDevice(new Device("dev-1")))
                .isInstanceOf(IotHubConflictException.class)
                .hasMessageContaining("\"errorCode\":409001");
        Exchange last = last();
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.responseHeader("iothub-errorcode")).contains("DeviceAlreadyExists");
    }

    @Test
    void getDevice_missing_notFoundWithHubErrorBody() throws Exception {
        assertThatThrownBy(() -> registryClient().getDevice("nobody"))
                .isInstanceOf(IotHubNotFoundException.class)
                .hasMessageContaining("\"errorCode\":404001")
                .hasMessageContaining("trackingId");
        JsonObject body = JsonParser.parseString(last().responseBody()).getAsJsonObject();
        assertThat(JsonParser.parseString(body.get("Message").getAsString()).getAsJsonObject().get("errorCode")
                .getAsInt()).isEqualTo(404001);
        assertThat(body.has("ExceptionMessage")).isTrue();
        assertThat(last().responseHeaders()).containsEntry("iothub-errorcode", "DeviceNotFound");
    }

    @Test
    void updateDevice_sdkSendsIfMatchStar_updatesUnconditionally() throws Exception {
        RegistryClient registry = registryClient();
        Device d = registry.addDevice(new Device("dev-1"));
        d.setStatus(DeviceStatus.Disabled);

        Device updated = registry.updateDevice(d);

        assertThat(last().requestHeader("If-Match")).contains("*");
        assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(updated.getETag()).isNotEqualTo(d.getETag());
        assertThat(updated.getPrimaryKey()).isEqualTo(d.getPrimaryKey());
        assertThat(hub.registry().get(DeviceId.of("dev-1")).status())
                .isEqualTo(dev.fleetops.core.model.DeviceStatus.DISABLED);
    }

    private static JsonObject keysOf(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("authentication")
                .getAsJsonObject("symmetricKey");
    }

    @Test
    void putDevice_sasUpdateWithoutKeys_issuesNewKeysAsTheHubDoes() throws Exception {
        JsonObject created = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\"}", Map.of()));

        JsonObject first = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\",\"status\":\"disabled\","
                + "\"authentication\":{\"type\":\"sas\"}}", Map.of("If-Match", "*")));
        JsonObject second = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\"}",
                Map.of("If-Match", "*")));

        assertThat(first.get("primaryKey")).isNotEqualTo(created.get("primaryKey"));
        assertThat(first.get("secondaryKey")).isNotEqualTo(created.get("secondaryKey"));
        assertThat(second.get("primaryKey")).isNotEqualTo(first.get("primaryKey"));
        assertThat(keysOf(rest("GET", "/devices/dev-1", null, Map.of()))).isEqualTo(second);
    }

    @Test
    void putDevice_regeneratedKeys_areDerivedFromIdAndGeneration() throws Exception {
        JsonObject created = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\"}", Map.of()));
        JsonObject regenerated = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\"}",
                Map.of("If-Match", "*")));

        assertThat(created.get("primaryKey").getAsString())
                .isEqualTo(WireJson.derivedKey(DeviceId.of("dev-1"), "primary", 0));
        assertThat(regenerated.get("primaryKey").getAsString())
                .isEqualTo(WireJson.derivedKey(DeviceId.of("dev-1"), "primary", 1));
        assertThat(regenerated.get("secondaryKey").getAsString())
                .isEqualTo(WireJson.derivedKey(DeviceId.of("dev-1"), "secondary", 1));
    }

    @Test
    void putDevice_updateWithKeys_keepsTheKeysGiven() throws Exception {
        JsonObject created = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\"}", Map.of()));

        JsonObject kept = keysOf(rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\",\"status\":\"disabled\","
                + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":" + created + "}}",
                Map.of("If-Match", "*")));

        assertThat(kept).isEqualTo(created);
    }

    @Test
    void putDevice_scopes_areKeptAsGivenAndClearedWhenLeftOut() throws Exception {
        String scope = "ms-azure-iot-edge://edge-1-638000000000000000";
        rest("PUT", "/devices/leaf-1", "{\"deviceId\":\"leaf-1\",\"deviceScope\":\"" + scope + "\","
                + "\"parentScopes\":[\"" + scope + "\"]}", Map.of());

        JsonObject read = JsonParser.parseString(rest("GET", "/devices/leaf-1", null, Map.of()).body())
                .getAsJsonObject();
        assertThat(read.get("deviceScope").getAsString()).isEqualTo(scope);
        assertThat(read.getAsJsonArray("parentScopes").get(0).getAsString()).isEqualTo(scope);

        rest("PUT", "/devices/leaf-1", "{\"deviceId\":\"leaf-1\",\"status\":\"disabled\"}",
                Map.of("If-Match", "*"));
        JsonObject after = JsonParser.parseString(rest("GET", "/devices/leaf-1", null, Map.of()).body())
                .getAsJsonObject();
        assertThat(after.has("deviceScope")).isFalse();
        assertThat(after.has("parentScopes")).isFalse();
    }

    @Test
    void bulkUpdate_withoutKeysOrScopes_issuesNewKeysAndClearsScopes() throws Exception {
        String scope = "ms-azure-iot-edge://edge-1-638000000000000000";
        JsonObject created = keysOf(rest("PUT", "/devices/leaf-1", "{\"deviceId\":\"leaf-1\",\"deviceScope\":\""
                + scope + "\"}", Map.of()));

        HttpResponse<String> r = rest("POST", "/devices", "[{\"id\":\"leaf-1\",\"importMode\":\"update\","
                + "\"status\":\"disabled\"}]", Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        HttpResponse<String> read = rest("GET", "/devices/leaf-1", null, Map.of());
        assertThat(keysOf(read).get("primaryKey")).isNotEqualTo(created.get("primaryKey"));
        assertThat(JsonParser.parseString(read.body()).getAsJsonObject().has("deviceScope")).isFalse();
    }

    @Test
    void putDevice_staleIfMatch_preconditionFailed() throws Exception {
        RegistryClient registry = registryClient();
        Device d = registry.addDevice(new Device("dev-1"));
        registry.updateDevice(d);

        HttpResponse<String> r = rest("PUT", "/devices/dev-1", "{\"deviceId\":\"dev-1\",\"status\":\"disabled\","
                + "\"authentication\":{\"type\":\"sas\"}}", Map.of("If-Match", "\"" + d.getETag() + "\""));

        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("PreconditionFailed");
        assertThat(hub.registry().get(DeviceId.of("dev-1")).status())
                .isEqualTo(dev.fleetops.core.model.DeviceStatus.ENABLED);
    }

    @Test
    void removeDevice_byDeviceWithStaleEtag_preconditionFailedThenByIdSucceeds() throws Exception {
        RegistryClient registry = registryClient();
        Device d = registry.addDevice(new Device("dev-1"));
        registry.updateDevice(d);

        assertThatThrownBy(() -> registry.removeDevice(d)).isInstanceOf(IotHubPreconditionFailedException.class);
        registry.removeDevice("dev-1");

        assertThat(last().status()).isEqualTo(204);
        assertThat(hub.registry().statistics().totalDevices()).isZero();
        assertThatThrownBy(() -> registry.removeDevice("dev-1")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void putDevice_ifMatchForUnknownDevice_notFound() throws Exception {
        HttpResponse<String> r = rest("PUT", "/devices/ghost", "{\"deviceId\":\"ghost\"}", Map.of("If-Match", "*"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("DeviceNotFound");
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }

    @Test
    void putDevice_bodyNamesAnotherDevice_badRequest() throws Exception {
        HttpResponse<String> r = rest("PUT", "/devices/a", "{\"deviceId\":\"b\"}", Map.of());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("names device 'b' but the path names 'a'");
    }

    @Test
    void deleteDevice_ifMatchStar_unconditional() throws Exception {
        registryClient().addDevice(new Device("a"));

        HttpResponse<String> r = rest("DELETE", "/devices/a", null, Map.of("If-Match", "*"));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }

    @Test
    void recordingOff_recordsNothingButServes() throws Exception {
        emulator.close();
        emulator = IotHubEmulator.builder(hub).recordExchanges(false).start();

        registryClient().addDevice(new Device("a"));

        assertThat(emulator.exchanges()).isEmpty();
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(1);
    }

    @Test
    void getStatistics_mixedFleet_countsFromHub() throws Exception {
        RegistryClient registry = registryClient();
        registry.addDevice(new Device("a"));
        registry.addDevice(new Device("b"));
        Device c = registry.addDevice(new Device("c"));
        c.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(c);

        RegistryStatistics stats = registry.getStatistics();

        assertThat(stats.getTotalDeviceCount()).isEqualTo(3);
        assertThat(stats.getDisabledDeviceCount()).isEqualTo(1);
        // The hub and its spec say "enabledDeviceCount"; iot-service-client 2.1.9 reads "enableDeviceCount", so its
        // enabled count is always 0 against a real hub too. Derive it as total - disabled.
        assertThat(stats.getEnabledDeviceCount()).isZero();
        assertThat(JsonParser.parseString(last().responseBody()).getAsJsonObject().get("enabledDeviceCount")
                .getAsLong()).isEqualTo(2);
    }

    @Test
    void bulk_createsAndReportsPerDeviceErrors() throws Exception {
        registryClient().addDevice(new Device("taken"));
        JsonArray body = new JsonArray();
        for (String id : new String[] {"b-1", "b-2", "taken"}) {
            JsonObject item = new JsonObject();
            item.addProperty("id", id);
            item.addProperty("importMode", "create");
            item.addProperty("status", "enabled");
            JsonObject auth = new JsonObject();
            auth.addProperty("type", "sas");
            item.add("authentication", auth);
            body.add(item);
        }

        HttpResponse<String> r = rest("POST", "/devices", body.toString(), Map.of());

        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject result = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(result.get("isSuccessful").getAsBoolean()).isFalse();
        JsonArray errors = result.getAsJsonArray("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getAsJsonObject().get("deviceId").getAsString()).isEqualTo("taken");
        assertThat(errors.get(0).getAsJsonObject().get("errorCode").getAsString()).isEqualTo("DeviceAlreadyExists");
        assertThat(result.getAsJsonArray("warnings")).isEmpty();
        assertThat(hub.registry().statistics().totalDevices()).isEqualTo(3);
        assertThat(registryClient().getDevice("b-2").getPrimaryKey()).isNotEmpty();
    }

    @Test
    void bulk_deleteIfMatchEtag_allSucceed200() throws Exception {
        Device a = registryClient().addDevice(new Device("a"));
        String body = "[{\"id\":\"a\",\"importMode\":\"deleteIfMatchETag\",\"eTag\":\"" + a.getETag() + "\"}]";

        HttpResponse<String> r = rest("POST", "/devices", body, Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(r.body()).getAsJsonObject().get("isSuccessful").getAsBoolean()).isTrue();
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }

    @Test
    void bulk_moreThan100_refused() throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"d").append(i).append("\",\"importMode\":\"create\"}");
        }
        HttpResponse<String> r = rest("POST", "/devices", body.append(']').toString(), Map.of());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("1 to 100");
        assertThat(hub.registry().statistics().totalDevices()).isZero();
    }

    @Test
    void deviceIdWithSpecialCharacters_sdkSendsThemUnencodedAndTheyRoundTrip() throws Exception {
        RegistryClient registry = registryClient();
        String id = "plant+7:line.2$(a)@x=y";

        registry.addDevice(new Device(id));

        assertThat(registry.getDevice(id).getDeviceId()).isEqualTo(id);
        assertThat(hub.registry().get(DeviceId.of(id)).id().value()).isEqualTo(id);
    }

    @Test
    void deviceIdWithHashAndPercent_percentEncodedOverRest_roundTrips() throws Exception {
        // iot-service-client 2.1.9 puts ids into URLs unencoded, so an id with '#' or '%' cannot go through it
        // ('#' starts a fragment); over REST they are percent-encoded.
        String id = "line#2%50";
        String path = "/devices/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> put = rest("PUT", path, "{\"deviceId\":\"" + id + "\"}", Map.of());
        HttpResponse<String> get = rest("GET", path, null, Map.of());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(get.body()).getAsJsonObject().get("deviceId").getAsString()).isEqualTo(id);
        assertThat(last().path()).isEqualTo("/devices/" + id);
    }

    @Test
    void numericErrorStyle_sdkSeesSixDigitCode() throws Exception {
        emulator.close();
        emulator = IotHubEmulator.builder(hub).errorStyle(ErrorStyle.NUMERIC).start();

        assertThatThrownBy(() -> registryClient().getDevice("nobody"))
                .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> {
                    assertThat(((IotHubException) e).getErrorCode()).isEqualTo(404001);
                    assertThat(e.getErrorCodeDescription()).isEqualTo(ErrorCodeDescription.DeviceNotFound);
                });
    }

    @Test
    void defaultHttpClient_trustsTheEmulatorWhileTestTlsIsInstalled() throws Exception {
        java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();

        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                        + "/statistics/devices?api-version=" + IotHubEmulator.API_VERSION))
                .header("Authorization", emulator.sasToken()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void missingAuthorization_unauthorized401() throws Exception {
        skipSpecCheck = true;
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                + "/devices/x?api-version=" + IotHubEmulator.API_VERSION)).timeout(Duration.ofSeconds(30)).GET()
                .build());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("IotHubUnauthorizedAccess");
    }

    @Test
    void wrongApiVersion_badRequest() throws Exception {
        skipSpecCheck = true;
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                + "/devices/x?api-version=2018-06-30")).header("Authorization", emulator.sasToken())
                .timeout(Duration.ofSeconds(30)).GET().build());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("400001").contains("2021-04-12");
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("InvalidProtocolVersion");
    }

    @Test
    void routes_listsEveryServedRoute() {
        assertThat(emulator.routes()).containsExactly(
                "GET /statistics/devices", "POST /devices/query", "POST /devices", "GET /devices", "GET /devices/{id}",
                "PUT /devices/{id}", "DELETE /devices/{id}", "GET /twins/{id}", "PATCH /twins/{id}",
                "POST /twins/{id}/methods", "POST /configurations/testQueries", "GET /configurations",
                "GET /configurations/{id}", "PUT /configurations/{id}", "DELETE /configurations/{id}",
                "GET /jobs/v2/query", "GET /jobs/v2/{id}", "PUT /jobs/v2/{id}", "POST /jobs/v2/{id}/cancel");
    }

    @Test
    void unservedRoute_notFoundNamingIt() throws Exception {
        skipSpecCheck = true;
        HttpResponse<String> r = rest("GET", "/devices/x/modules", null, Map.of());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("does not serve GET /devices/x/modules");
    }

    @Test
    void createWithEmptyKeys_singleAndBulk_getsKeysFromTheHub() throws Exception {
        // what the Node.js service SDK sends when the caller gives no keys
        String empty = "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"\","
                + "\"secondaryKey\":\"\"}}";
        HttpResponse<String> single = rest("PUT", "/devices/one", "{\"deviceId\":\"one\"," + empty + "}", Map.of());
        HttpResponse<String> bulk = rest("POST", "/devices", "[{\"id\":\"two\",\"importMode\":\"create\","
                + empty + "},{\"id\":\"three\",\"importMode\":\"create\",\"authentication\":{\"type\":\"sas\","
                + "\"symmetricKey\":{\"primaryKey\":null,\"secondaryKey\":null}}}]", Map.of());

        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(bulk.statusCode()).isEqualTo(200);
        for (String id : List.of("one", "two", "three")) {
            com.google.gson.JsonObject keys = JsonParser.parseString(rest("GET", "/devices/" + id, null, Map.of())
                    .body()).getAsJsonObject().getAsJsonObject("authentication").getAsJsonObject("symmetricKey");
            assertThat(java.util.Base64.getDecoder().decode(keys.get("primaryKey").getAsString())).hasSize(32);
            assertThat(java.util.Base64.getDecoder().decode(keys.get("secondaryKey").getAsString())).hasSize(32);
            assertThat(keys.get("primaryKey").getAsString()).isNotEqualTo(keys.get("secondaryKey").getAsString());
        }
    }

    @Test
    void twinOfASelfSignedDevice_carriesItsThumbprints() throws Exception {
        String primary = "A".repeat(40);
        String secondary = "B".repeat(40);
        rest("PUT", "/devices/cam-1", "{\"deviceId\":\"cam-1\",\"authentication\":{\"type\":\"selfSigned\","
                + "\"x509Thumbprint\":{\"primaryThumbprint\":\"" + primary + "\",\"secondaryThumbprint\":\""
                + secondary + "\"}}}", Map.of());

        com.google.gson.JsonObject twin = JsonParser.parseString(rest("GET", "/twins/cam-1", null, Map.of()).body())
                .getAsJsonObject();

        assertThat(twin.getAsJsonObject("x509Thumbprint").get("primaryThumbprint").getAsString()).isEqualTo(primary);
        assertThat(twin.getAsJsonObject("x509Thumbprint").get("secondaryThumbprint").getAsString())
                .isEqualTo(secondary);
        assertThat(twin.get("authenticationType").getAsString()).isEqualTo("selfSigned");
        assertThat(dev.fleetops.core.model.Twin.fromTree(dev.fleetops.core.model.PropertyTree.parse(twin.toString()))
                .x509Thumbprint()).isEqualTo(new dev.fleetops.core.model.X509Thumbprint(primary, secondary));
    }

    @Test
    void listDevices_servesIdentitiesInIdOrder_upToTop() throws Exception {
        for (String id : new String[] {"c", "a", "b"}) {
            registryClient().addDevice(new Device(id));
        }
        hub.load(dev.fleetops.core.model.Twin.builder(DeviceId.of("a")).moduleId("m").build());

        HttpResponse<String> all = rest("GET", "/devices", null, Map.of());
        HttpResponse<String> two = rest("GET", "/devices?top=2", null, Map.of());
        HttpResponse<String> bad = rest("GET", "/devices?top=0", null, Map.of());

        assertThat(all.statusCode()).isEqualTo(200);
        com.google.gson.JsonArray devices = JsonParser.parseString(all.body()).getAsJsonArray();
        assertThat(devices).extracting(e -> e.getAsJsonObject().get("deviceId").getAsString())
                .containsExactly("a", "b", "c"); // module twins are not devices
        assertThat(devices.get(0).getAsJsonObject().getAsJsonObject("authentication").getAsJsonObject(
                "symmetricKey").get("primaryKey").getAsString()).isNotEmpty();
        assertThat(JsonParser.parseString(two.body()).getAsJsonArray()).hasSize(2);
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void contentTheEmulatorDoesNotServe_isAnsweredAsAnUnknownRoute_notAsABadRequest() throws Exception {
        skipSpecCheck = true;
        HttpResponse<String> modules = rest("PUT", "/configurations/edge-1", "{\"id\":\"edge-1\","
                + "\"content\":{\"modulesContent\":{\"$edgeAgent\":{\"properties.desired\":{}}}}}", Map.of());
        HttpResponse<String> moduleIdentity = rest("PUT", "/devices/x/modules/m", "{\"moduleId\":\"m\"}",
                Map.of());
        HttpResponse<String> apply = rest("POST", "/devices/x/applyConfigurationContent", "{}", Map.of());

        for (HttpResponse<String> r : List.of(modules, moduleIdentity, apply)) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("does not serve").contains("404000");
            assertThat(r.headers().firstValue("iothub-errorcode")).contains("GenericNotFound");
        }
        assertThat(hub.configurations().list(20)).isEmpty();
    }

    private Exchange last() {
        var all = emulator.exchanges();
        return all.get(all.size() - 1);
    }
}
