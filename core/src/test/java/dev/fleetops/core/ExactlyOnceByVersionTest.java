package dev.fleetops.core;

import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.Fault;
import dev.fleetops.core.embedded.FaultRule;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unconditional patch is applied exactly once whatever the first attempt's fate, and "applied" is decided from
 * what the twin's {@code $metadata} says was written since the call began, not from the values alone: a patch whose
 * values the twin already holds is still sent, so the device is notified and {@code $version} moves once.
 */
class ExactlyOnceByVersionTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();

    private final VirtualClock clock = VirtualClock.create();
    private final EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock).build();

    private long desiredVersion() {
        return hub.twins().get(D1).desiredVersion();
    }

    @Test
    void patchOfValuesAlreadyHeld_firstAttemptRefusedWith503_isSentAndMovesTheVersionOnce() {
        hub.load(Twin.builder(D1).desired(PropertyTree.parse("{\"firmware\":{\"version\":\"2.0\"}}")).build());
        clock.advance(Duration.ofHours(1));
        long before = desiredVersion();
        hub.faults().add(FaultRule.always(Fault.serverError(503), OperationClass.TWIN_UPDATE).times(1));

        Twin after = client.twins().patch(D1, FW2);

        assertThat(after.desiredVersion()).isEqualTo(before + 1);
        assertThat(desiredVersion()).isEqualTo(before + 1);
        assertThat(after.desiredMetadata("firmware.version").orElseThrow().lastUpdatedVersion())
                .isEqualTo(before + 1);
    }

    @Test
    void patchApplied_answerLost_isNotSentAgain() {
        hub.load(Twin.builder(D1).build());
        clock.advance(Duration.ofHours(1));
        long before = desiredVersion();
        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));

        Twin after = client.twins().patch(D1, FW2);

        assertThat(after.desired().getString("firmware.version")).contains("2.0");
        assertThat(desiredVersion()).isEqualTo(before + 1);
    }

    @Test
    void patchOfValuesAlreadyHeld_appliedAndAnswerLost_isNotSentAgain() {
        hub.load(Twin.builder(D1).desired(PropertyTree.parse("{\"firmware\":{\"version\":\"2.0\"}}")).build());
        clock.advance(Duration.ofHours(1));
        long before = desiredVersion();
        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));

        client.twins().patch(D1, FW2);

        assertThat(desiredVersion()).isEqualTo(before + 1);
    }

    @Test
    void wildcardETag_appliedAndAnswerLost_isAppliedOnce() {
        hub.load(Twin.builder(D1).build());
        long before = desiredVersion();
        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));

        client.twins().patch(D1, FW2, ETag.of("*"));

        assertThat(desiredVersion()).isEqualTo(before + 1);
    }
}
