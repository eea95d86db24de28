package dev.fleetops.testkit;

import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.spi.HubBackend;

/**
 * A hub backend under test for the compatibility kits, with the embedded hub that holds its state. For the
 * embedded backend both are the same object; for the Azure backend, {@link #backend()} talks through Microsoft's SDK
 * and the local emulator to {@link #state()}. Kits seed devices and act as devices through {@link #state()} and
 * {@link #simulator()}, and assert only through {@link #backend()}. Not thread-safe; one per test.
 */
public interface HubUnderTest extends AutoCloseable {

    /**
     * Returns the backend whose behaviour is checked.
     *
     * @return the backend
     */
    HubBackend backend();

    /**
     * Returns the embedded hub that holds the state behind the backend.
     *
     * @return the embedded hub
     */
    EmbeddedHub state();

    /**
     * Returns the simulator attached to {@link #state()}.
     *
     * @return the simulator
     */
    FleetSimulator simulator();

    /**
     * Returns the virtual clock of {@link #state()}.
     *
     * @return the clock
     */
    VirtualClock clock();

    /** Releases the backend and whatever serves it. */
    @Override
    void close();

    /**
     * Returns the embedded backend: the hub is its own state.
     *
     * @return a fresh embedded hub on a virtual clock, with a simulator
     */
    static HubUnderTest embedded() {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).build();
        FleetSimulator simulator = FleetSimulator.attach(hub);
        return new HubUnderTest() {
            @Override
            public HubBackend backend() {
                return hub;
            }

            @Override
            public EmbeddedHub state() {
                return hub;
            }

            @Override
            public FleetSimulator simulator() {
                return simulator;
            }

            @Override
            public VirtualClock clock() {
                return clock;
            }

            @Override
            public void close() {
                hub.close();
            }
        };
    }
}
