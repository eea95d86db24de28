package dev.fleetops.core;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.call.CallEvent;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ETag-guarded change whose first answer is lost is retried, and the retry is refused with 412 because the first
 * attempt changed the ETag: the client reads back and reports the call's own success, not a conflict.
 */
class GuardedRetriesTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevice("d1");
    private final List<CallEvent.CallEnded> ended = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock)
            .callListener(new CallListener() {
                @Override
                public void onCallEnded(CallEvent.CallEnded event) {
                    ended.add(event);
                }
            }).build();

    private static ServiceUnavailableException lost() {
        return new ServiceUnavailableException(503, "the answer was lost");
    }

    @Test
    void twinPatchWithETag_appliedButAnswerLost_succeedsWithTheTwinReadBack() {
        ETag etag = client.twins().get(D1).etag();
        hub.failNext("twins.patch", When.AFTER, GuardedRetriesTest::lost);

        Twin twin = client.twins().patch(D1, FW2, etag);

        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.calls("twins.patch")).isEqualTo(2);
        assertThat(hub.twin("d1").desiredVersion()).isEqualTo(2); // applied once: version 1 to 2
        assertThat(ended).extracting(e -> e.call().operationClass() + ":" + e.outcome())
                .containsExactly("TWIN_READ:SUCCEEDED", "TWIN_READ:SUCCEEDED", "TWIN_UPDATE:SUCCEEDED");
        assertThat(client.statistics().of(OperationClass.TWIN_UPDATE).failures()).isZero();
    }

    @Test
    void twinPatchWithWildcardETag_answerLost_isAppliedOnceLikeAnUnconditionalPatch() {
        hub.failNext("twins.patch", When.AFTER, GuardedRetriesTest::lost);

        Twin twin = client.twins().patch(D1, FW2, ETag.of("*"));

        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.twin("d1").desiredVersion()).isEqualTo(2); // once: version 1 to 2, never 3
        assertThat(client.twins().patch(D1, TwinPatch.builder().tag("x", 1).build(), ETag.of("")).tags()
                .getLong("x")).contains(1L); // an empty ETag is unconditional too, not a 412
    }

    @Test
    void twinPatchWithETag_someoneElseChangedIt_stillFailsWith412() {
        ETag etag = client.twins().get(D1).etag();
        hub.patchDirectly("d1", TwinPatch.builder().desired("firmware.version", "3.0").build());

        assertThatThrownBy(() -> client.twins().patch(D1, FW2, etag))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.calls("twins.get")).isEqualTo(1); // no read-back without a lost answer
    }

    @Test
    void twinPatchWithETag_lostAnswerButTheChangeIsNotThere_keepsThe412() {
        ETag etag = client.twins().get(D1).etag();
        hub.failNext("twins.patch", When.BEFORE, GuardedRetriesTest::lost); // not applied
        hub.failNext("twins.get", When.BEFORE, () -> {
            // Before the read-back, another writer sets another value; the 412 is then a real conflict.
            hub.patchDirectly("d1", TwinPatch.builder().desired("firmware.version", "3.0").build());
            return lost();
        });
        hub.patchDirectly("d1", TwinPatch.builder().tag("site", "plant-2").build());

        assertThatThrownBy(() -> client.twins().patch(D1, FW2, etag))
                .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void deviceUpdateWithETag_appliedButAnswerLost_succeeds() {
        Device d = client.devices().get(D1);
        Device disabled = d.toBuilder().status(DeviceStatus.DISABLED).statusReason("maintenance").build();
        hub.failNext("registry.update", When.AFTER, GuardedRetriesTest::lost);

        Device now = client.devices().update(disabled, d.etag());

        assertThat(now.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(hub.calls("registry.update")).isEqualTo(2);
    }
}
