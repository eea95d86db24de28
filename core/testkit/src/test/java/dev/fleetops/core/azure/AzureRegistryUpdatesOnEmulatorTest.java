package dev.fleetops.core.azure;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.model.ETag;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.testkit.emulator.EmulatorFault;
import dev.fleetops.testkit.emulator.EmulatorFaultRule;
import dev.fleetops.testkit.emulator.Exchange;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Device updates of {@link AzureIotHub} against what the hub holds and the adapter does not manage: keys that
 * change between the adapter's read of the identity and its write must not be undone.
 */
class AzureRegistryUpdatesOnEmulatorTest {

    private static final String ROTATED_PRIMARY = key("rotated-primary");
    private static final String ROTATED_SECONDARY = key("rotated-secondary");

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final AzureIotHub hub = env.azure;

    @AfterEach
    void close() {
        try {
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private static String key(String seed) {
        byte[] bytes = new byte[32];
        byte[] s = seed.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, bytes, 0, Math.min(s.length, bytes.length));
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static DeviceId id(String s) {
        return DeviceId.of(s);
    }

    private static Device disabled(String id) {
        return Device.builder(id(id)).status(DeviceStatus.DISABLED).statusReason("maintenance").build();
    }

    /** The identity as the hub answers it, keys included. */
    private JsonObject identity(String deviceId) {
        HubRest.Response r = hub.context().rest("GET", "/devices/" + deviceId, null, null, "get",
                Target.device(deviceId));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private List<String> keys(String deviceId) {
        JsonObject keys = identity(deviceId).getAsJsonObject("authentication").getAsJsonObject("symmetricKey");
        return List.of(keys.get("primaryKey").getAsString(), keys.get("secondaryKey").getAsString());
    }

    /** Rotates the device's keys over REST, as another back end would. */
    private void rotateKeys(String deviceId) {
        JsonObject o = identity(deviceId);
        JsonObject keys = o.getAsJsonObject("authentication").getAsJsonObject("symmetricKey");
        keys.addProperty("primaryKey", ROTATED_PRIMARY);
        keys.addProperty("secondaryKey", ROTATED_SECONDARY);
        hub.context().rest("PUT", "/devices/" + deviceId, o.toString(), "*", "rotate keys of",
                Target.device(deviceId));
    }

    /** Rotates the device's keys right after the adapter's next read of its identity, before that read answers. */
    private void rotateKeysAfterTheNextReadOf(String deviceId) {
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.runAfterApply(() -> rotateKeys(deviceId)))
                .onPathMatching("GET", "/devices/" + deviceId).times(1));
    }

    private List<Exchange> sent(String method, String path) {
        return env.emulator.exchanges().stream().filter(e -> e.method().equals(method) && e.path().equals(path))
                .collect(Collectors.toList());
    }

    /** Changes the device on the hub right after every read of its identity: every write then finds a new ETag. */
    private void changeAfterEveryReadOf(String deviceId) {
        AtomicInteger seen = new AtomicInteger();
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.runAfterApply(() -> env.hub.registry().update(
                Device.builder(id(deviceId)).statusReason("changed " + seen.incrementAndGet()).build(), ETag.ANY)))
                .onPathMatching("GET", "/devices/" + deviceId));
    }

    private static final String EDGE_SCOPE = "ms-azure-iot-edge://edge-1-638000000000000000";

    /** A leaf device under an Edge device: its scope and parent scopes are set by whoever registered it. */
    private void registerLeaf(String deviceId) {
        hub.context().rest("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\",\"deviceScope\":\""
                + EDGE_SCOPE + "\",\"parentScopes\":[\"" + EDGE_SCOPE + "\"]}", null, "create",
                Target.device(deviceId));
    }

    private void assertStillALeafOfTheEdgeDevice(String deviceId) {
        JsonObject o = identity(deviceId);
        assertThat(o.has("deviceScope")).as("deviceScope of %s", deviceId).isTrue();
        assertThat(o.get("deviceScope").getAsString()).isEqualTo(EDGE_SCOPE);
        assertThat(o.getAsJsonArray("parentScopes")).hasSize(1);
        assertThat(o.getAsJsonArray("parentScopes").get(0).getAsString()).isEqualTo(EDGE_SCOPE);
    }

    @Test
    void update_unconditional_keepsTheKeys() {
        hub.registry().create(Device.of(id("d1")));
        List<String> before = keys("d1");

        hub.registry().update(disabled("d1"), ETag.ANY);

        assertThat(keys("d1")).isEqualTo(before);
        assertThat(env.hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.DISABLED);
    }

    @Test
    void update_keepsTheScopesOfALeafDevice() {
        registerLeaf("leaf-1");

        hub.registry().update(disabled("leaf-1"), ETag.ANY);

        assertStillALeafOfTheEdgeDevice("leaf-1");
    }

    @Test
    void bulkUpdate_keepsTheKeysAndScopesOfALeafDevice() {
        registerLeaf("leaf-1");
        List<String> before = keys("leaf-1");

        BulkResult result = hub.registry().bulk(List.of(new BulkOperation(BulkMode.UPDATE, disabled("leaf-1"))));

        assertThat(result.successful()).isTrue();
        assertThat(keys("leaf-1")).isEqualTo(before);
        assertStillALeafOfTheEdgeDevice("leaf-1");
        assertThat(env.hub.registry().get(id("leaf-1")).status()).isEqualTo(DeviceStatus.DISABLED);
    }

    @Test
    void update_keysRotatedBetweenItsReadAndWrite_keepsTheRotatedKeys() throws Exception {
        hub.registry().create(Device.of(id("d1")));
        rotateKeysAfterTheNextReadOf("d1");

        Device updated = hub.registry().update(disabled("d1"), ETag.ANY);

        assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(keys("d1")).containsExactly(ROTATED_PRIMARY, ROTATED_SECONDARY);
        List<Exchange> puts = sent("PUT", "/devices/d1");
        // create, the rotation, the update's first write (refused: the ETag it read is gone), its second write
        assertThat(puts).extracting(Exchange::status).containsExactly(200, 200, 412, 200);
        assertThat(puts.get(2).requestHeader("If-Match")).isNotEqualTo(Optional.of("*"));
    }

    @Test
    void update_withTheCallersETag_412GoesToTheCaller() {
        Device d = hub.registry().create(Device.of(id("d1")));
        rotateKeys("d1");

        assertThatThrownBy(() -> hub.registry().update(disabled("d1"), d.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(sent("PUT", "/devices/d1")).hasSize(3);
    }

    @Test
    void update_identityChangingOnEveryRead_givesUpAfterFiveAttemptsNamingTheDevice() {
        hub.registry().create(Device.of(id("d1")));
        changeAfterEveryReadOf("d1");

        assertThatThrownBy(() -> hub.registry().update(disabled("d1"), ETag.ANY))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("device 'd1'")
                .hasMessageContaining("5 times");
        assertThat(sent("PUT", "/devices/d1")).extracting(Exchange::status).containsExactly(200, 412, 412, 412, 412,
                412);
        assertThat(env.hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.ENABLED);
    }

    @Test
    void bulkUpdate_keysRotatedBetweenItsReadAndWrite_keepsTheRotatedKeysAndSucceeds() throws Exception {
        hub.registry().create(Device.of(id("d1")));
        hub.registry().create(Device.of(id("d2")));
        List<String> d2Keys = keys("d2");
        env.emulator.clearExchanges();
        rotateKeysAfterTheNextReadOf("d1");

        BulkResult result = hub.registry().bulk(List.of(
                new BulkOperation(BulkMode.UPDATE, disabled("d1")),
                new BulkOperation(BulkMode.UPDATE, disabled("d2"))));

        assertThat(result.successful()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(keys("d1")).containsExactly(ROTATED_PRIMARY, ROTATED_SECONDARY);
        assertThat(keys("d2")).isEqualTo(d2Keys);
        assertThat(env.hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(env.hub.registry().get(id("d2")).status()).isEqualTo(DeviceStatus.DISABLED);
        List<Exchange> posts = sent("POST", "/devices");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).requestBody()).contains("\"d1\"").doesNotContain("\"d2\"")
                .contains("updateIfMatchETag");
    }

    @Test
    void bulkUpdate_identityChangingOnEveryRead_reportsThatDeviceAfterFiveRounds() {
        hub.registry().create(Device.of(id("d1")));
        hub.registry().create(Device.of(id("d2")));
        env.emulator.clearExchanges();
        changeAfterEveryReadOf("d1");

        BulkResult result = hub.registry().bulk(List.of(new BulkOperation(BulkMode.UPDATE, disabled("d1")),
                new BulkOperation(BulkMode.UPDATE, disabled("d2"))));

        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(BulkItemError::deviceId).containsExactly(id("d1"));
        assertThat(result.errors().get(0).errorStatus()).contains("device 'd1'").contains("5 times");
        assertThat(sent("POST", "/devices")).hasSize(5);
        assertThat(env.hub.registry().get(id("d2")).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(env.hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.ENABLED);
    }

    @Test
    void bulkCreateAndUpdate_secondRoundFails_resultsAreTheCallsOwnAndNothingIsSentTwice() {
        hub.registry().create(Device.of(id("d1")));
        env.emulator.clearExchanges();
        // d1 changes right after the first round read it, so round 1 refuses its update and round 2 reads it again;
        // that read is answered 503 from then on, so round 2 fails
        env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.runAfterApply(() -> {
            env.hub.registry().update(Device.builder(id("d1")).statusReason("changed").build(), ETag.ANY);
            env.emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy())
                    .onPathMatching("GET", "/devices/d1"));
        })).onPathMatching("GET", "/devices/d1").times(1));
        FleetClient client = FleetClient.builder().hub(hub).clock(env.clock).build();

        BulkResult result = client.devices().bulk(List.of(new BulkOperation(BulkMode.CREATE, Device.of(id("new-1"))),
                new BulkOperation(BulkMode.UPDATE, disabled("d1")),
                new BulkOperation(BulkMode.CREATE, Device.of(id("new-2")))));

        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(BulkItemError::deviceId).containsExactly(id("d1"));
        assertThat(result.errors().get(0).errorCode()).isEqualTo("OutcomeUnknown");
        assertThat(sent("POST", "/devices")).hasSize(1); // the chunk was not sent again
        assertThat(env.hub.registry().get(id("new-1"))).isNotNull();
        assertThat(env.hub.registry().get(id("new-2"))).isNotNull();
        assertThat(env.hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.ENABLED);
    }

    @Test
    void bulkGuardedUpdate_staleETag_isReportedNotRetried() {
        Device d = hub.registry().create(Device.of(id("d1")));
        rotateKeys("d1");
        env.emulator.clearExchanges();

        BulkResult result = hub.registry().bulk(List.of(new BulkOperation(BulkMode.UPDATE_IF_MATCH_ETAG,
                disabled("d1").toBuilder().etag(d.etag()).build())));

        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(BulkItemError::errorCode).containsExactly("PreconditionFailed");
        assertThat(sent("POST", "/devices")).hasSize(1);
    }
}
