package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.DirectMethodCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The directmethod compatibility kit against the embedded hub. */
class EmbeddedDirectMethodCompatibilityTest extends DirectMethodCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
