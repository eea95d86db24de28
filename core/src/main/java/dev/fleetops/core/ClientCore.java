package dev.fleetops.core;

import dev.fleetops.core.internal.CallPolicy;
import dev.fleetops.core.internal.Gatekeeper;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.spi.HubBackend;

import java.util.Optional;

/**
 * What every view of one {@link FleetClient} shares: the backend, the call policy (pacing, retries, statistics) and
 * the gatekeeper (authorization, audit). Immutable and thread-safe.
 */
final class ClientCore {

    final HubBackend hub;
    final CallPolicy policy;
    final Gatekeeper gatekeeper;
    final Optional<HubTier> tier;

    ClientCore(HubBackend hub, CallPolicy policy, Gatekeeper gatekeeper, Optional<HubTier> tier) {
        this.hub = hub;
        this.policy = policy;
        this.gatekeeper = gatekeeper;
        this.tier = tier;
    }
}
