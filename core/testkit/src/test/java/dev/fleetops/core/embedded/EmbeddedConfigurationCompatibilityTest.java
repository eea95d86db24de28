package dev.fleetops.core.embedded;

import dev.fleetops.testkit.ConfigurationCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The configuration compatibility kit against the embedded hub. */
class EmbeddedConfigurationCompatibilityTest extends ConfigurationCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
