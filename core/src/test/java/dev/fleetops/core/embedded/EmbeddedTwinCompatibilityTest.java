package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.TwinCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The twin compatibility kit against the embedded hub. */
class EmbeddedTwinCompatibilityTest extends TwinCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
