package dev.fleetops.core.azure;

import dev.fleetops.testkit.ConfigurationCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The configuration compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureConfigurationCompatibilityTest extends ConfigurationCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
