package dev.fleetops.core.azure;

import dev.fleetops.testkit.QueryCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The query compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureQueryCompatibilityTest extends QueryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
