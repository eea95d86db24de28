package dev.fleetops.core.azure;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.testkit.emulator.Exchange;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.testkit.emulator.SpecConformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry and twin services of {@link AzureIotHub}, through the real SDK and the adapter's REST calls. */
class AzureRegistryTwinsOnEmulatorTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();
    private final AzureIotHub hub = env.azure;

    @AfterEach
    void close() {
        try {
            // every request the adapter sent (through the SDK or its own REST calls) and every answer
            SpecConformance.assertConforms(env.emulator.exchanges());
        } finally {
            env.close();
        }
    }

    private static DeviceId id(String s) {
        return DeviceId.of(s);
    }

    private List<Exchange> exchanges(String method, String pathPrefix) {
        List<Exchange> out = new ArrayList<>();
        for (Exchange e : env.emulator.exchanges()) {
            if (e.method().equals(method) && e.path().startsWith(pathPrefix)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void create_thenGet_returnsTheRegisteredDevice() {
        Device created = hub.registry().create(Device.builder(id("d1")).iotEdge(true).build());

        Device read = hub.registry().get(id("d1"));

        assertThat(created.etag().isAny()).isFalse();
        assertThat(read.id()).isEqualTo(id("d1"));
        assertThat(read.status()).isEqualTo(DeviceStatus.ENABLED);
        assertThat(read.authenticationType()).isEqualTo(AuthenticationType.SAS);
        assertThat(read.iotEdge()).isTrue();
        assertThat(read.etag()).isEqualTo(created.etag());
        assertThat(env.hub.registry().get(id("d1")).iotEdge()).isTrue();
    }

    @Test
    void create_selfSigned_sendsTwoRandomThumbprintsAsTheSdkDid() {
        Device created = hub.registry().create(Device.builder(id("x1"))
                .authenticationType(AuthenticationType.SELF_SIGNED).build());

        assertThat(created.authenticationType()).isEqualTo(AuthenticationType.SELF_SIGNED);
        PropertyTree sent = PropertyTree.parse(exchanges("PUT", "/devices/x1").get(0).requestBody());
        assertThat(sent.getString("authentication.x509Thumbprint.primaryThumbprint")).hasValueSatisfying(
                t -> assertThat(t).matches("[0-9a-f]{40}"));
        assertThat(sent.getString("authentication.x509Thumbprint.secondaryThumbprint")).hasValueSatisfying(
                t -> assertThat(t).matches("[0-9a-f]{40}"));
        assertThat(sent.getString("authentication.x509Thumbprint.primaryThumbprint"))
                .isNotEqualTo(sent.getString("authentication.x509Thumbprint.secondaryThumbprint"));
    }

    @Test
    void create_existingId_throwsDeviceAlreadyExists() {
        hub.registry().create(Device.of(id("d1")));

        assertThatThrownBy(() -> hub.registry().create(Device.of(id("d1"))))
                .isInstanceOf(DeviceAlreadyExistsException.class)
                .hasMessageContaining("d1");
    }

    @Test
    void create_withStatusReason_keepsTheReason() {
        Device created = hub.registry().create(Device.builder(id("d1")).status(DeviceStatus.DISABLED)
                .statusReason("awaiting repair").build());

        assertThat(created.statusReason()).isEqualTo("awaiting repair");
        assertThat(hub.registry().get(id("d1")).statusReason()).isEqualTo("awaiting repair");
        assertThat(hub.registry().get(id("d1")).status()).isEqualTo(DeviceStatus.DISABLED);
    }

    @Test
    void get_unknownDevice_throwsDeviceNotFound() {
        assertThatThrownBy(() -> hub.registry().get(id("nobody")))
                .isInstanceOf(DeviceNotFoundException.class)
                .satisfies(e -> assertThat(((DeviceNotFoundException) e).deviceId()).isEqualTo(id("nobody")));
    }

    @Test
    void get_idWithReservedCharacters_reachesTheDevice() {
        hub.registry().create(Device.of(id("a#b?c%d")));

        assertThat(hub.registry().get(id("a#b?c%d")).id()).isEqualTo(id("a#b?c%d"));
        assertThat(hub.twins().get(id("a#b?c%d")).deviceId()).isEqualTo(id("a#b?c%d"));
    }

    @Test
    void update_withCurrentEtag_sendsThatEtagAndApplies() {
        Device created = hub.registry().create(Device.of(id("d1")));

        Device updated = hub.registry().update(created.toBuilder().status(DeviceStatus.DISABLED)
                .statusReason("stolen").build(), created.etag());

        assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(updated.statusReason()).isEqualTo("stolen");
        assertThat(updated.etag()).isNotEqualTo(created.etag());
        List<Exchange> puts = exchanges("PUT", "/devices/d1");
        assertThat(puts.get(puts.size() - 1).requestHeader("If-Match")).contains(created.etag().value());
    }

    @Test
    void update_withStaleEtag_throwsPreconditionFailed() {
        Device created = hub.registry().create(Device.of(id("d1")));
        hub.registry().update(created.toBuilder().statusReason("first").build(), ETag.ANY);

        assertThatThrownBy(() -> hub.registry().update(created.toBuilder().statusReason("second").build(),
                created.etag()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("update device 'd1'");
        assertThat(hub.registry().get(id("d1")).statusReason()).isEqualTo("first");
    }

    @Test
    void update_unknownDevice_throwsDeviceNotFound() {
        assertThatThrownBy(() -> hub.registry().update(Device.of(id("ghost")), ETag.ANY))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void delete_presentThenAbsent_returnsTrueThenFalse() {
        hub.registry().create(Device.of(id("d1")));

        assertThat(hub.registry().delete(id("d1"), ETag.ANY)).isTrue();
        assertThat(hub.registry().delete(id("d1"), ETag.ANY)).isFalse();
        assertThatThrownBy(() -> hub.registry().get(id("d1"))).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void delete_guarded_staleEtagRefusedCurrentEtagDeletes() {
        Device created = hub.registry().create(Device.of(id("d1")));
        Device updated = hub.registry().update(created.toBuilder().statusReason("x").build(), ETag.ANY);

        assertThatThrownBy(() -> hub.registry().delete(id("d1"), created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.registry().delete(id("d1"), updated.etag())).isTrue();
        assertThat(hub.registry().delete(id("d1"), updated.etag())).isFalse();
    }

    @Test
    void bulk_createWithOneExisting_reportsThatDeviceOnly() {
        hub.registry().create(Device.of(id("d2")));
        List<BulkOperation> ops = List.of(BulkOperation.create(Device.of(id("d1"))),
                BulkOperation.create(Device.of(id("d2"))), BulkOperation.create(Device.of(id("d3"))));

        BulkResult result = hub.registry().bulk(ops);

        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(e -> e.deviceId().value()).containsExactly("d2");
        assertThat(env.hub.registry().statistics().totalDevices()).isEqualTo(3);
        assertThat(exchanges("POST", "/devices")).hasSize(1);
    }

    @Test
    void bulk_updateAndDelete_applyPerDevice() {
        Device a = hub.registry().create(Device.of(id("a")));
        hub.registry().create(Device.of(id("b")));
        List<BulkOperation> ops = List.of(
                new BulkOperation(BulkMode.UPDATE_IF_MATCH_ETAG, a.toBuilder().status(DeviceStatus.DISABLED).build()),
                BulkOperation.delete(id("b")),
                new BulkOperation(BulkMode.UPDATE, Device.of(id("missing"))));

        BulkResult result = hub.registry().bulk(ops);

        assertThat(result.errors()).extracting(e -> e.deviceId().value()).containsExactly("missing");
        assertThat(hub.registry().get(id("a")).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThatThrownBy(() -> hub.registry().get(id("b"))).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void bulk_allGood_isSuccessful() {
        BulkResult result = hub.registry().bulk(List.of(BulkOperation.create(Device.of(id("x"))),
                BulkOperation.create(Device.of(id("y")))));

        assertThat(result.successful()).isTrue();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void bulk_badArguments_failBeforeAnyCall() {
        assertThatThrownBy(() -> hub.registry().bulk(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.registry().bulk(List.of(BulkOperation.create(Device.of(id("x"))),
                BulkOperation.delete(id("x"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("second time");
        assertThat(env.emulator.exchanges()).isEmpty();
    }

    @Test
    void statistics_countEnabledAndDisabled() {
        hub.registry().create(Device.of(id("a")));
        hub.registry().create(Device.builder(id("b")).status(DeviceStatus.DISABLED).build());

        RegistryStatistics s = hub.registry().statistics();

        assertThat(s).isEqualTo(new RegistryStatistics(2, 1, 1));
    }

    @Test
    void twinGet_returnsTheTwinAsTheHubHoldsIt() {
        env.simulator.addDevice(id("d1"), PropertyTree.builder().put("region", "eu").build(),
                PropertyTree.builder().put("fw", "1.0").build());
        Twin expected = env.hub.twins().get(id("d1"));

        Twin twin = hub.twins().get(id("d1"));

        assertThat(twin.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(twin.tags().getString("region")).contains("eu");
        assertThat(twin.reported().getString("fw")).contains("1.0");
        assertThat(twin.etag()).isEqualTo(expected.etag());
        assertThat(twin.version()).isEqualTo(expected.version());
        assertThat(twin.reportedVersion()).isEqualTo(expected.reportedVersion());
        assertThat(twin).isEqualTo(expected);
    }

    @Test
    void twinPatch_mergesDesiredAndBumpsVersions() {
        hub.registry().create(Device.of(id("d1")));
        Twin before = hub.twins().get(id("d1"));

        Twin after = hub.twins().patch(id("d1"), TwinPatch.builder().desired("fw.version", "2.0")
                .tag("ring", 1).build(), before.etag());

        assertThat(after.desired().getString("fw.version")).contains("2.0");
        assertThat(after.tags().getLong("ring")).contains(1L);
        assertThat(after.desiredVersion()).isEqualTo(before.desiredVersion() + 1);
        assertThat(after.etag()).isNotEqualTo(before.etag());
        assertThat(hub.twins().get(id("d1"))).isEqualTo(after);
        Exchange patch = exchanges("PATCH", "/twins/d1").get(0);
        assertThat(patch.wireMethod()).isEqualTo("POST");
        assertThat(patch.requestHeader("If-Match")).contains(before.etag().value());
    }

    @Test
    void twinPatch_tagsOnly_leavesDesiredVersion() {
        hub.registry().create(Device.of(id("d1")));
        Twin before = hub.twins().get(id("d1"));

        Twin after = hub.twins().patch(id("d1"), TwinPatch.ofTags(PropertyTree.builder().put("a", "b").build()),
                ETag.ANY);

        assertThat(after.desiredVersion()).isEqualTo(before.desiredVersion());
        assertThat(after.version()).isEqualTo(before.version() + 1);
    }

    @Test
    void twinPatch_nullRemovesAProperty() {
        hub.registry().create(Device.of(id("d1")));
        hub.twins().patch(id("d1"), TwinPatch.builder().desired("a", 1).desired("b", 2).build(), ETag.ANY);

        Twin after = hub.twins().patch(id("d1"), TwinPatch.builder().removeDesired("a").build(), ETag.ANY);

        assertThat(after.desired().contains("a")).isFalse();
        assertThat(after.desired().getLong("b")).contains(2L);
    }

    @Test
    void twinPatch_staleEtag_throwsPreconditionFailed() {
        hub.registry().create(Device.of(id("d1")));
        Twin before = hub.twins().get(id("d1"));
        hub.twins().patch(id("d1"), TwinPatch.builder().desired("x", 1).build(), ETag.ANY);

        assertThatThrownBy(() -> hub.twins().patch(id("d1"), TwinPatch.builder().desired("x", 2).build(),
                before.etag()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("patch twin of device 'd1'");
    }

    @Test
    void twinGetAndPatch_unknownDevice_throwDeviceNotFound() {
        assertThatThrownBy(() -> hub.twins().get(id("ghost"))).isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> hub.twins().patch(id("ghost"), TwinPatch.builder().desired("x", 1).build(),
                ETag.ANY)).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void everyCall_carriesASasTokenForTheHubsHostName() {
        hub.registry().create(Device.of(id("d1")));
        hub.twins().get(id("d1"));

        assertThat(env.emulator.exchanges()).isNotEmpty().allSatisfy(e -> assertThat(e.requestHeader("Authorization"))
                .hasValueSatisfying(a -> assertThat(a).startsWith("SharedAccessSignature sr=test-hub.azure-devices.net&sig=")
                        .contains("&skn=iothubowner")));
    }
}
