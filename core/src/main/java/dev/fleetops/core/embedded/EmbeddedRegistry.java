package dev.fleetops.core.embedded;

import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.spi.DeviceRegistry;

import java.util.ArrayList;
import java.util.List;

/** The identity registry of the embedded hub. Thread-safe. */
final class EmbeddedRegistry implements DeviceRegistry {

    private final HubCore core;

    EmbeddedRegistry(HubCore core) {
        this.core = core;
    }

    @Override
    public Device get(DeviceId id) {
        return core.call(OperationClass.REGISTRY, 1, "get device " + id, () -> core.record(id).device());
    }

    @Override
    public Device create(Device device) {
        return core.call(OperationClass.REGISTRY, 1, "create device " + device.id(),
                () -> doCreate(device, PropertyTree.empty(), PropertyTree.empty()));
    }

    private Device doCreate(Device device, PropertyTree tags, PropertyTree desired) {
        Twin twin = Twin.builder(device.id())
                .etag(DeviceRecord.twinEtag(1))
                .status(device.status())
                .authenticationType(device.authenticationType())
                .iotEdge(device.iotEdge())
                .modelId(device.modelId())
                .tags(tags)
                .desired(desired)
                .desiredMetadata(Metadata.fresh(desired, core.clock.instant(), 1))
                .reportedMetadata(Metadata.fresh(PropertyTree.empty(), core.clock.instant(), 1))
                .build();
        DeviceRecord record = new DeviceRecord(twin, 1, device.statusReason());
        // the limit is checked and used in one step: two creates cannot both take the last place
        synchronized (core.createLock) {
            if (core.devices.containsKey(device.id().value())) {
                throw new DeviceAlreadyExistsException(device.id());
            }
            if (core.deviceCount() >= core.maxDevices) {
                throw new QuotaExceededException("403002", "the hub holds its maximum of " + core.maxDevices
                        + " devices; device '" + device.id() + "' was not created");
            }
            core.put(device.id().value(), record);
        }
        return record.device();
    }

    @Override
    public Device update(Device device, ETag ifMatch) {
        return core.call(OperationClass.REGISTRY, 1, "update device " + device.id(),
                () -> doUpdate(device, ifMatch));
    }

    private Device doUpdate(Device device, ETag ifMatch) {
        return core.update(device.id(), r -> {
            checkEtag(device.id(), r, ifMatch);
            Twin.Builder changed = r.twin().toBuilder();
            if (device.status() != r.twin().status()) {
                changed.statusUpdateTime(core.clock.instant());
            }
            Twin twin = changed
                    .status(device.status())
                    .authenticationType(device.authenticationType())
                    .iotEdge(device.iotEdge())
                    .build();
            return new DeviceRecord(twin, r.identityVersion() + 1, device.statusReason());
        }).device();
    }

    private static void checkEtag(DeviceId id, DeviceRecord r, ETag ifMatch) {
        if (!ifMatch.isAny() && !ifMatch.equals(DeviceRecord.identityEtag(r.identityVersion()))) {
            throw new PreconditionFailedException("412001", "device '" + id + "' has changed: its ETag no longer"
                    + " matches the one given");
        }
    }

    @Override
    public boolean delete(DeviceId id, ETag ifMatch) {
        return core.call(OperationClass.REGISTRY, 1, "delete device " + id, () -> doDelete(id, ifMatch));
    }

    private boolean doDelete(DeviceId id, ETag ifMatch) {
        // the device's family lock: a module twin loaded meanwhile either lands before (and goes with the device)
        // or finds the device gone
        synchronized (core.family(id)) {
            synchronized (core.stripe(id.value())) {
                DeviceRecord r = core.devices.get(id.value());
                if (r == null) {
                    return false;
                }
                checkEtag(id, r, ifMatch);
                core.put(id.value(), null);
            }
            // its module twins go with it: their keys run from "id/" up to, not including, "id0"
            for (String key : new ArrayList<>(core.devices.subMap(id.value() + "/", id.value() + "0").keySet())) {
                core.put(key, null);
            }
        }
        return true;
    }

    @Override
    public BulkResult bulk(List<BulkOperation> operations) {
        DeviceRegistry.checkBulk(operations);
        return core.call(OperationClass.REGISTRY, operations.size(), "bulk registry operation of "
                + operations.size() + " devices", () -> doBulk(operations));
    }

    private BulkResult doBulk(List<BulkOperation> operations) {
        List<BulkItemError> errors = new ArrayList<>();
        for (BulkOperation op : operations) {
            Device d = op.device();
            ETag etag = op.mode().etagGuarded() ? d.etag() : ETag.ANY;
            try {
                switch (op.mode()) {
                    case CREATE:
                        doCreate(d, op.initialTags(), op.initialDesired());
                        break;
                    case UPDATE:
                    case UPDATE_IF_MATCH_ETAG:
                        doUpdate(d, etag);
                        break;
                    default:
                        if (!doDelete(d.id(), etag)) {
                            throw new DeviceNotFoundException(d.id());
                        }
                }
            } catch (FleetServiceException e) {
                errors.add(new BulkItemError(d.id(), bulkCode(e), e.getMessage()));
            }
        }
        return new BulkResult(errors.isEmpty(), errors, List.of());
    }

    private static String bulkCode(FleetServiceException e) {
        if (e instanceof DeviceAlreadyExistsException) {
            return "DeviceAlreadyExists";
        }
        if (e instanceof DeviceNotFoundException) {
            return "DeviceNotFound";
        }
        if (e instanceof PreconditionFailedException) {
            return "PreconditionFailed";
        }
        if (e instanceof QuotaExceededException) {
            return "IotHubQuotaExceeded";
        }
        return e.errorCode().isEmpty() ? Integer.toString(e.statusCode()) : e.errorCode();
    }

    @Override
    public RegistryStatistics statistics() {
        return core.call(OperationClass.REGISTRY, 1, "registry statistics", () -> {
            long total = 0;
            long enabled = 0;
            for (DeviceRecord r : core.devices.values()) {
                if (r.twin().isModuleTwin()) {
                    continue;
                }
                total++;
                if (r.twin().status() == DeviceStatus.ENABLED) {
                    enabled++;
                }
            }
            return new RegistryStatistics(total, enabled, total - enabled);
        });
    }
}
