package dev.fleetops.core.azure;

import dev.fleetops.core.kit.ConfigurationCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The configuration compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureConfigurationCompatibilityTest extends ConfigurationCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
