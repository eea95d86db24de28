package dev.fleetops.core.embedded;

import dev.fleetops.testkit.DirectMethodCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The directmethod compatibility kit against the embedded hub. */
class EmbeddedDirectMethodCompatibilityTest extends DirectMethodCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
