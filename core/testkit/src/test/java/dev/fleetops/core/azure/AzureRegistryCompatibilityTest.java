package dev.fleetops.core.azure;

import dev.fleetops.testkit.RegistryCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The registry compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureRegistryCompatibilityTest extends RegistryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
