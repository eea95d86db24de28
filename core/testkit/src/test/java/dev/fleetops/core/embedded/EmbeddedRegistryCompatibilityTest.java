package dev.fleetops.core.embedded;

import dev.fleetops.testkit.RegistryCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The registry compatibility kit against the embedded hub. */
class EmbeddedRegistryCompatibilityTest extends RegistryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
