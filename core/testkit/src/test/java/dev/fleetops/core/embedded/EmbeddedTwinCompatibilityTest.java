package dev.fleetops.core.embedded;

import dev.fleetops.testkit.TwinCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The twin compatibility kit against the embedded hub. */
class EmbeddedTwinCompatibilityTest extends TwinCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
