package dev.fleetops.core.azure;

import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.testkit.emulator.SpecConformance;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.testkit.HubUnderTest;
import dev.fleetops.core.spi.HubBackend;

/**
 * The Azure backend for the compatibility kits: an {@link AzureIotHub} talking through Microsoft's SDK (and its own
 * REST calls) to the local emulator, over an embedded hub on a virtual clock. Closing it also checks that every
 * request the backend sent and every response the emulator gave conform to the IoT Hub REST spec. Not
 * thread-safe; one per test.
 */
public final class AzureUnderTest implements HubUnderTest {

    private final EmulatedAzureHub fixture = new EmulatedAzureHub();

    private AzureUnderTest() {
    }

    /**
     * Starts an emulator and an Azure backend pointed at it.
     *
     * @return the backend under test; close it after the test
     */
    public static HubUnderTest throughEmulator() {
        return new AzureUnderTest();
    }

    @Override
    public HubBackend backend() {
        return fixture.azure;
    }

    @Override
    public EmbeddedHub state() {
        return fixture.hub;
    }

    @Override
    public FleetSimulator simulator() {
        return fixture.simulator;
    }

    @Override
    public VirtualClock clock() {
        return fixture.clock;
    }

    @Override
    public void close() {
        try {
            SpecConformance.assertConforms(fixture.emulator.exchanges());
        } finally {
            fixture.close();
        }
    }
}
