package dev.fleetops.core.azure;

import dev.fleetops.testkit.JobCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The job compatibility kit against the Azure backend, through the SDK and the local emulator. */
class AzureJobCompatibilityTest extends JobCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return AzureUnderTest.throughEmulator();
    }
}
