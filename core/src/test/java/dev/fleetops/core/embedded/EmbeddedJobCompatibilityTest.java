package dev.fleetops.core.embedded;

import dev.fleetops.core.kit.JobCompatibilityKit;
import dev.fleetops.core.kit.HubUnderTest;

/** The job compatibility kit against the embedded hub. */
class EmbeddedJobCompatibilityTest extends JobCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
