package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.RegistryCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The registry compatibility kit against the embedded hub. */
class EmbeddedRegistryCompatibilityTest extends RegistryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
