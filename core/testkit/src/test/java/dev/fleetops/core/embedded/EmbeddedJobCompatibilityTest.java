package dev.fleetops.core.embedded;

import dev.fleetops.testkit.JobCompatibilityKit;
import dev.fleetops.testkit.HubUnderTest;

/** The job compatibility kit against the embedded hub. */
class EmbeddedJobCompatibilityTest extends JobCompatibilityKit {

    @Override
    protected HubUnderTest create() {
        return HubUnderTest.embedded();
    }
}
