package dev.fleetops.core.embedded;

import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.TwinService;


/** Twins of the embedded hub: reads are current, patches merge, versions and ETags move as IoT Hub's do. */
final class EmbeddedTwins implements TwinService {

    private final HubCore core;

    EmbeddedTwins(HubCore core) {
        this.core = core;
    }

    @Override
    public Twin get(DeviceId id) {
        return core.call(OperationClass.TWIN_READ, 1, "get twin " + id, () -> core.record(id).twin());
    }

    @Override
    public Twin patch(DeviceId id, TwinPatch patch, ETag ifMatch) {
        return core.call(OperationClass.TWIN_UPDATE, 1, "patch twin " + id, () -> apply(core, id, patch, ifMatch));
    }

    /** Applies a patch without the call wrapper; jobs use it for their per-device updates. */
    static Twin apply(HubCore core, DeviceId id, TwinPatch patch, ETag ifMatch) {
        return core.update(id, r -> {
            Twin t = r.twin();
            if (!ifMatch.isAny() && !ifMatch.equals(t.etag())) {
                throw new PreconditionFailedException("412002", "twin of device '" + id + "' has changed: its"
                        + " ETag no longer matches the one given");
            }
            PropertyTree tags = t.tags().merge(patch.tags());
            PropertyTree desired = t.desired().merge(patch.desired());
            HubCore.checkSection(id, "tags", tags);
            HubCore.checkSection(id, "properties.desired", desired);
            long version = t.version() + 1;
            long desiredVersion = patch.desired().isEmpty() ? t.desiredVersion() : t.desiredVersion() + 1;
            Twin updated = t.toBuilder()
                    .tags(tags)
                    .desired(desired)
                    .desiredVersion(desiredVersion)
                    .desiredMetadata(patch.desired().isEmpty() ? t.desiredMetadata()
                            : Metadata.afterPatch(t.desiredMetadata(), patch.desired(), core.clock.instant(),
                                    desiredVersion))
                    .version(version)
                    .etag(DeviceRecord.twinEtag(version))
                    .build();
            return new DeviceRecord(updated, r.identityVersion(), r.statusReason());
        }).twin();
    }
}
