package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.QueryCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The query compatibility kit against the embedded hub. */
class EmbeddedQueryCompatibilityTest extends QueryCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
