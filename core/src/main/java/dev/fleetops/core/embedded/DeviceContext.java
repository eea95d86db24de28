package dev.fleetops.core.embedded;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What a {@link DeviceBehaviour} can do on behalf of one simulated device. Valid only during the callback or the
 * scheduled action it was passed to; not thread-safe.
 */
public interface DeviceContext {

    /**
     * Returns the device.
     *
     * @return the device id
     */
    DeviceId id();

    /**
     * Returns the simulated time of the current callback.
     *
     * @return the instant on the hub's clock
     */
    Instant now();

    /**
     * Returns the device's current twin.
     *
     * @return the twin as the hub holds it now
     */
    Twin twin();

    /**
     * Reports properties (a merge patch), as the device would over MQTT.
     *
     * @param patch the change to the reported properties
     */
    void report(PropertyTree patch);

    /**
     * Runs {@code action} for this device after {@code delay} on the hub's clock.
     *
     * @param delay zero or more
     * @param action what to do then
     */
    void schedule(Duration delay, Consumer<DeviceContext> action);

    /**
     * Connects or disconnects the device. A disconnected device receives no desired properties or methods; on
     * reconnecting it catches up with the current desired properties.
     *
     * @param online true to connect
     */
    void setOnline(boolean online);

    /**
     * Tells whether the device is connected.
     *
     * @return true when online
     */
    boolean online();

    /**
     * Returns the simulator's random source, seeded for repeatable runs.
     *
     * @return the random source
     */
    Random random();
}
