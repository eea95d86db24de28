package dev.fleetops.testkit;

import dev.fleetops.rollout.spi.InMemoryRolloutStore;
import dev.fleetops.rollout.spi.RolloutStore;

/** The in-memory rollout store passes the store compatibility kit. */
class InMemoryRolloutStoreCompatibilityTest extends RolloutStoreCompatibilityKit {

    @Override
    protected RolloutStore create() {
        return new InMemoryRolloutStore();
    }
}
