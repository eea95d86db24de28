package dev.fleetops.testkit;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.RegistryStatistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identity registry, the same for every backend. */
public abstract class RegistryCompatibilityKit extends CompatibilityKit {

    private final DeviceId d1 = DeviceId.of("kit-d1");

    @Test
    void create_thenGet_returnsTheDeviceWithAnEtag() {
        Device created = backend().registry().create(Device.builder(d1).statusReason("commissioning").build());
        assertThat(created.id()).isEqualTo(d1);
        assertThat(created.etag().isAny()).isFalse();
        Device read = backend().registry().get(d1);
        assertThat(read.status()).isEqualTo(DeviceStatus.ENABLED);
        assertThat(read.statusReason()).isEqualTo("commissioning");
        assertThat(read.etag()).isEqualTo(created.etag());
        assertThat(backend().twins().get(d1).deviceId()).isEqualTo(d1);
    }

    @Test
    void create_existingId_conflicts() {
        backend().registry().create(Device.of(d1));
        assertThatThrownBy(() -> backend().registry().create(Device.of(d1)))
                .isInstanceOf(DeviceAlreadyExistsException.class);
    }

    @Test
    void get_unknownDevice_notFound() {
        assertThatThrownBy(() -> backend().registry().get(DeviceId.of("kit-nobody")))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void update_withCurrentEtag_changes_withStaleEtag_preconditionFailed() {
        Device created = backend().registry().create(Device.of(d1));
        Device disabled = backend().registry().update(
                created.toBuilder().status(DeviceStatus.DISABLED).statusReason("stolen").build(),
                created.etag());
        assertThat(disabled.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(disabled.etag()).isNotEqualTo(created.etag());
        assertThatThrownBy(() -> backend().registry().update(created, created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(backend().registry().get(d1).status()).isEqualTo(DeviceStatus.DISABLED);
        Device enabled = backend().registry().update(disabled.toBuilder().status(DeviceStatus.ENABLED).build(),
                ETag.ANY);
        assertThat(enabled.status()).isEqualTo(DeviceStatus.ENABLED);
    }

    @Test
    void statusChange_movesStatusUpdatedTime_otherUpdatesDoNot() {
        Device created = backend().registry().create(Device.of(d1));
        assertThat(created.statusUpdatedTime()).isEqualTo(Device.NEVER);
        hub.clock().advance(java.time.Duration.ofMinutes(10));
        java.time.Instant disabledAt = hub.clock().instant();
        Device disabled = backend().registry().update(created.toBuilder().status(DeviceStatus.DISABLED).build(),
                ETag.ANY);
        assertThat(disabled.statusUpdatedTime()).isBetween(disabledAt.minusSeconds(1), disabledAt.plusSeconds(1));
        assertThat(backend().twins().get(d1).statusUpdateTime()).isEqualTo(disabled.statusUpdatedTime());

        hub.clock().advance(java.time.Duration.ofMinutes(10));
        Device sameStatus = backend().registry().update(disabled.toBuilder().statusReason("stolen").build(),
                ETag.ANY);
        assertThat(sameStatus.statusUpdatedTime()).isEqualTo(disabled.statusUpdatedTime());
    }

    @Test
    void update_unknownDevice_notFound() {
        assertThatThrownBy(() -> backend().registry().update(Device.of(DeviceId.of("kit-nobody")), ETag.ANY))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void delete_isIdempotent_andHonoursEtags() {
        Device created = backend().registry().create(Device.of(d1));
        backend().registry().update(created.toBuilder().statusReason("changed").build(), ETag.ANY);
        assertThatThrownBy(() -> backend().registry().delete(d1, created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(backend().registry().delete(d1, ETag.ANY)).isTrue();
        assertThat(backend().registry().delete(d1, ETag.ANY)).isFalse();
        assertThatThrownBy(() -> backend().twins().get(d1)).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void bulk_appliesEachDevice_andReportsFailuresPerDevice() {
        backend().registry().create(Device.of(d1));
        List<BulkOperation> ops = new ArrayList<>();
        ops.add(BulkOperation.create(Device.of(d1)));
        for (int i = 0; i < 60; i++) {
            ops.add(BulkOperation.create(Device.of(DeviceId.of("kit-bulk-" + i))));
        }
        ops.add(BulkOperation.delete(DeviceId.of("kit-ghost")));
        BulkResult result = backend().registry().bulk(ops);
        assertThat(result.successful()).isFalse();
        assertThat(result.errors()).extracting(e -> e.deviceId().value())
                .containsExactlyInAnyOrder("kit-d1", "kit-ghost");
        assertThat(backend().registry().get(DeviceId.of("kit-bulk-59")).id().value()).isEqualTo("kit-bulk-59");
        RegistryStatistics stats = backend().registry().statistics();
        assertThat(stats.totalDevices()).isEqualTo(61);
        assertThat(stats.enabledDevices()).isEqualTo(61);
    }

    @Test
    void bulk_over100OrDuplicate_refusedBeforeAnyChange() {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ops.add(BulkOperation.create(Device.of(DeviceId.of("kit-x" + i))));
        }
        assertThatThrownBy(() -> backend().registry().bulk(ops)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThatThrownBy(() -> backend().registry().bulk(List.of(BulkOperation.create(Device.of(d1)),
                BulkOperation.delete(d1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kit-d1");
        assertThat(backend().registry().statistics().totalDevices()).isZero();
    }

    @Test
    void bulk_etagGuardedUpdate_failsOnlyTheStaleDevice() {
        Device a = backend().registry().create(Device.of(DeviceId.of("kit-a")));
        Device b = backend().registry().create(Device.of(DeviceId.of("kit-b")));
        backend().registry().update(b.toBuilder().statusReason("moved").build(), ETag.ANY);
        BulkResult result = backend().registry().bulk(List.of(
                new BulkOperation(dev.fleetops.core.model.BulkMode.UPDATE_IF_MATCH_ETAG,
                        a.toBuilder().status(DeviceStatus.DISABLED).build()),
                new BulkOperation(dev.fleetops.core.model.BulkMode.UPDATE_IF_MATCH_ETAG,
                        b.toBuilder().status(DeviceStatus.DISABLED).build())));
        assertThat(result.errors()).extracting(e -> e.deviceId().value()).containsExactly("kit-b");
        assertThat(backend().registry().get(DeviceId.of("kit-a")).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(backend().registry().get(DeviceId.of("kit-b")).status()).isEqualTo(DeviceStatus.ENABLED);
    }
}
