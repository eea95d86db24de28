package dev.fleetops.core.embedded;

import dev.fleetops.testkit.QueryCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The query compatibility kit against the embedded hub. */
class EmbeddedQueryCompatibilityTest extends QueryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
