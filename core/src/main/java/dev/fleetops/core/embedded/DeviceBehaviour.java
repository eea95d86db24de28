package dev.fleetops.core.embedded;

import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.Twin;

/**
 * How a simulated device reacts: to new desired properties and to direct methods. Implementations run on the
 * thread that advances the hub's clock and must not block; to act later they {@link DeviceContext#schedule
 * schedule} work on the hub's clock. One instance may serve many devices, so per-device state belongs in the
 * context's schedule, not in fields (or in thread-safe maps keyed by device).
 */
public interface DeviceBehaviour {

    /**
     * Called when a connected device receives new desired properties, and when a device reconnects.
     *
     * @param device the device's context
     * @param twin the twin with the new desired properties
     */
    default void onDesiredChange(DeviceContext device, Twin twin) {
    }

    /**
     * Called for a direct method while the device is connected.
     *
     * @param device the device's context
     * @param invocation the method
     * @return the answer; the default answers 501 (not implemented)
     */
    default MethodAnswer onMethod(DeviceContext device, MethodInvocation invocation) {
        return MethodAnswer.now(new MethodResult(501, "{\"error\":\"method '" + invocation.methodName()
                + "' is not implemented by this simulated device\"}"));
    }

    /**
     * Returns a device that receives everything and never reports or answers anything but 501.
     *
     * @return the behaviour (stateless, shareable)
     */
    static DeviceBehaviour silent() {
        return new DeviceBehaviour() {
        };
    }

    /**
     * A device's answer to a direct method and how long it took to give it.
     *
     * @param result the status and payload
     * @param latency how long the device took, on the hub's clock
     */
    record MethodAnswer(MethodResult result, java.time.Duration latency) {

        /**
         * Returns an immediate answer.
         *
         * @param result the status and payload
         * @return the answer
         */
        public static MethodAnswer now(MethodResult result) {
            return new MethodAnswer(result, java.time.Duration.ZERO);
        }
    }
}
