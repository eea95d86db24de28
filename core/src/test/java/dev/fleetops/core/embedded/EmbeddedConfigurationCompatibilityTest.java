package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.ConfigurationCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The configuration compatibility kit against the embedded hub. */
class EmbeddedConfigurationCompatibilityTest extends ConfigurationCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
