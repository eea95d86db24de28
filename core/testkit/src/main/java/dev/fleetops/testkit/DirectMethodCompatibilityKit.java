package dev.fleetops.testkit;

import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.embedded.DeviceBehaviour;
import dev.fleetops.core.embedded.DeviceContext;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Direct methods, the same for every backend. */
public abstract class DirectMethodCompatibilityKit extends CompatibilityKit {

    @Test
    void invoke_onlineDevice_returnsItsAnswer() {
        hub.simulator().defaultBehaviour(new DeviceBehaviour() {
            @Override
            public MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
                PropertyTree payload = PropertyTree.parse(invocation.payloadJson());
                return MethodAnswer.now(new MethodResult(201, "{\"echo\":" + payload.toJson() + "}"));
            }
        });
        fleet(1);
        MethodResult result = backend().methods().invoke(id(0), MethodInvocation.of("echo", "{\"x\":1}"));
        assertThat(result.status()).isEqualTo(201);
        assertThat(PropertyTree.parse(result.payloadJson())).isEqualTo(PropertyTree.parse("{\"echo\":{\"x\":1}}"));
    }

    @Test
    void invoke_offlineDevice_notOnline_unknownDevice_notFound() {
        fleet(1);
        hub.simulator().setOnline(id(0), false);
        assertThatThrownBy(() -> backend().methods().invoke(id(0), MethodInvocation.of("reboot", "null")))
                .isInstanceOf(DeviceNotOnlineException.class);
        assertThatThrownBy(() -> backend().methods().invoke(DeviceId.of("kit-nobody"),
                MethodInvocation.of("reboot", "null"))).isInstanceOf(DeviceNotFoundException.class);
    }
}
