package dev.fleetops.core.azure;

import dev.fleetops.testkit.DirectMethodCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The directmethod compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureDirectMethodCompatibilityTest extends DirectMethodCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
