package dev.fleetops.core.azure;

import dev.fleetops.core.kit.QueryCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The query compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureQueryCompatibilityTest extends QueryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
