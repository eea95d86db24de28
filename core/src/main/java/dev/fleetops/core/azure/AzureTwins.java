package dev.fleetops.core.azure;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.TwinService;


/**
 * Twins over the REST API ({@code GET /twins/{id}}; the patch as {@code POST} with
 * {@code X-HTTP-Method-Override: PATCH}, as the SDK sends it). Not over the SDK's {@code TwinClient}: its
 * {@code Twin} drops the authentication type and status reason, narrows versions to {@code int}, and reads a
 * configuration status of {@code Applied} as null, so the twin FleetOps returns would be wrong. The twin is read
 * from the hub's JSON as is. Thread-safe.
 */
final class AzureTwins implements TwinService {

    private final AzureContext ctx;

    AzureTwins(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Twin get(DeviceId id) {
        Target target = Target.twin(id.value());
        HubRest.Response r = ctx.rest("GET", twinPath(id), null, null, "get", target);
        return AzureContext.read("get", target, r.body(), Wire::twin);
    }

    @Override
    public Twin patch(DeviceId id, TwinPatch patch, ETag ifMatch) {
        Target target = Target.twin(id.value());
        HubRest.Response r = ctx.rest("POST", twinPath(id), Wire.twinPatchJson(patch),
                ifMatch.isAny() ? null : ifMatch.value(),
                "patch", target, "X-HTTP-Method-Override", "PATCH");
        return AzureContext.read("patch", target, r.body(), Wire::twin);
    }

    static String twinPath(DeviceId id) {
        return "/twins/" + HubRest.segment(id.value());
    }
}
