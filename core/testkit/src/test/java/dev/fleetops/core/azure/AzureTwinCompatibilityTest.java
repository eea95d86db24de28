package dev.fleetops.core.azure;

import dev.fleetops.testkit.TwinCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The twin compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureTwinCompatibilityTest extends TwinCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
