package dev.fleetops.core.embedded;

import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.Twin;

/**
 * How a simulated device reacts: to new desired properties and to direct methods.
 *
 * <p>The contract, as for a listener: the hub calls a behaviour on the thread that runs its due work (a thread
 * advancing the simulator, or a hub call running the work due by then), one call at a time, and never while it holds
 * a lock of its own, so a behaviour may call the hub (report properties, read twins, even from another thread it
 * waits for). It should return quickly: while it runs, the hub's due work waits, and another thread's
 * {@code advance} waits for it. To act later, it {@link DeviceContext#schedule schedules} work on the hub's clock.
 * An exception it throws loses that one action and is logged; the simulation goes on. One instance may serve many
 * devices, so per-device state belongs in the context's schedule, not in fields (or in thread-safe maps keyed by
 * device).
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
