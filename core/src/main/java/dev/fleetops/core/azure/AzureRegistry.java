package dev.fleetops.core.azure;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.DeviceNotFoundException;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.spi.DeviceRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity registry over {@code RegistryClient}, with REST where the SDK falls short: an update or a guarded
 * delete with the caller's ETag (the SDK always sends {@code If-Match: *} and cannot carry a status reason), a create
 * with a status reason, and the bulk call {@code POST /devices} that the SDK does not have. Thread-safe.
 */
final class AzureRegistry implements DeviceRegistry {

    private final AzureContext ctx;

    AzureRegistry(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Device get(DeviceId id) {
        if (HubRest.sdkCannotAddress(id.value())) {
            Target target = Target.device(id.value());
            HubRest.Response r = ctx.rest("GET", devicePath(id), null, null, "get", target);
            return AzureContext.read("get", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
        }
        return ctx.sdk("get", Target.device(id.value()), () -> Wire.device(ctx.registry.getDevice(id.value())));
    }

    @Override
    public Device create(Device device) {
        Target target = Target.device(device.id().value());
        if (device.statusReason().isEmpty() && device.authenticationType() != dev.fleetops.core.model
                .AuthenticationType.NONE && !HubRest.sdkCannotAddress(device.id().value())) {
            return ctx.sdk("create", target, () -> Wire.device(ctx.registry.addDevice(Wire.toSdk(device))));
        }
        // The SDK's Device has no setter for statusReason and no 'none' authentication, and the SDK does not encode
        // ids in URLs: send the identity ourselves.
        JsonObject body = Wire.deviceJson(device, null);
        HubRest.Response r = ctx.rest("PUT", devicePath(device.id()), body.toString(), null, "create", target);
        return AzureContext.read("create", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
    }

    @Override
    public Device update(Device device, Optional<String> ifMatch) {
        Target target = Target.device(device.id().value());
        // Read the identity as the hub holds it (keys or thumbprints included) so that the PUT keeps them: an
        // identity sent without its keys gets new ones.
        JsonObject current = currentIdentity(device.id(), "update");
        String etag = ifMatch.orElse("*");
        JsonObject body = Wire.deviceJson(device, current);
        body.addProperty("etag", etag);
        HubRest.Response r = ctx.rest("PUT", devicePath(device.id()), body.toString(), etag, "update", target);
        return AzureContext.read("update", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
    }

    private JsonObject currentIdentity(DeviceId id, String operation) {
        Target target = Target.device(id.value());
        HubRest.Response r = ctx.rest("GET", devicePath(id), null, null, operation, target);
        return AzureContext.read(operation, target, r.body(), json -> JsonParser.parseString(json).getAsJsonObject());
    }

    @Override
    public boolean delete(DeviceId id, Optional<String> ifMatch) {
        Target target = Target.device(id.value());
        try {
            if ((ifMatch.isEmpty() || ifMatch.get().equals("*")) && !HubRest.sdkCannotAddress(id.value())) {
                ctx.sdk("delete", target, () -> {
                    ctx.registry.removeDevice(id.value());
                    return null;
                });
            } else {
                // The SDK's Device has no ETag setter: a guarded delete with the caller's ETag goes over REST.
                ctx.rest("DELETE", devicePath(id), null, ifMatch.orElse("*"), "delete", target);
            }
            return true;
        } catch (DeviceNotFoundException gone) {
            return false;
        }
    }

    @Override
    public BulkResult bulk(List<BulkOperation> operations) {
        if (operations.isEmpty() || operations.size() > MAX_BULK) {
            throw new IllegalArgumentException("a bulk registry call carries 1 to " + MAX_BULK + " devices, not "
                    + operations.size());
        }
        Set<DeviceId> seen = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            if (!seen.add(operations.get(i).device().id())) {
                throw new IllegalArgumentException("bulk operation " + (i + 1) + " names device '"
                        + operations.get(i).device().id() + "' a second time; each device may appear once");
            }
        }
        ctx.checkOpen();
        Target target = Target.registry();
        String operation = "bulk registry operation of " + operations.size() + " devices on";
        // Updates replace the whole identity, keys included: carry each device's current authentication along.
        List<BulkItemError> errors = new ArrayList<>();
        Map<DeviceId, JsonObject> current = new HashMap<>();
        JsonArray body = new JsonArray();
        for (BulkOperation op : operations) {
            Device d = op.device();
            boolean update = op.mode() == BulkMode.UPDATE || op.mode() == BulkMode.UPDATE_IF_MATCH_ETAG;
            if (update) {
                try {
                    current.put(d.id(), currentIdentity(d.id(), "bulk update"));
                } catch (DeviceNotFoundException missing) {
                    errors.add(new BulkItemError(d.id(), "DeviceNotFound", "device '" + d.id()
                            + "' is not registered in the hub"));
                    continue;
                }
            }
            body.add(item(op, current.get(d.id())));
        }
        if (body.isEmpty()) {
            return new BulkResult(false, errors, List.of());
        }
        HubRest.Response r = ctx.rest.sendAllowingClientErrors("POST", "/devices", body.toString(), operation,
                target);
        BulkResult answered = AzureContext.read(operation, target, r.body(), AzureRegistry::bulkResult);
        if (r.status() >= 400 && answered.errors().isEmpty()) {
            // A 400 without per-device errors refused the request as a whole.
            throw AzureErrors.fromRest(r.status(), r.body(), Optional.empty(), ctx.clock, operation, target);
        }
        errors.addAll(answered.errors());
        return new BulkResult(errors.isEmpty() && answered.successful(), errors, answered.warnings());
    }

    private static JsonObject item(BulkOperation op, JsonObject current) {
        Device d = op.device();
        JsonObject o;
        switch (op.mode()) {
            case DELETE:
            case DELETE_IF_MATCH_ETAG:
                o = new JsonObject();
                o.addProperty("id", d.id().value());
                break;
            default:
                // An ExportImportDevice carries only what can be set: not the identity's read-only fields.
                JsonObject identity = Wire.deviceJson(d, current);
                o = new JsonObject();
                o.addProperty("id", d.id().value());
                for (String field : new String[] {"status", "statusReason", "authentication", "capabilities"}) {
                    o.add(field, identity.get(field));
                }
        }
        o.addProperty("importMode", op.mode().wireName());
        if (op.mode().etagGuarded()) {
            o.addProperty("eTag", d.etag());
        }
        return o;
    }

    static BulkResult bulkResult(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        boolean ok = o.has("isSuccessful") && o.get("isSuccessful").getAsBoolean();
        return new BulkResult(ok, items(o, "errors", "errorCode", "errorStatus"),
                items(o, "warnings", "warningCode", "warningStatus"));
    }

    private static List<BulkItemError> items(JsonObject o, String array, String codeField, String statusField) {
        List<BulkItemError> out = new ArrayList<>();
        if (!o.has(array) || !o.get(array).isJsonArray()) {
            return out;
        }
        for (JsonElement e : o.getAsJsonArray(array)) {
            JsonObject item = e.getAsJsonObject();
            String id = item.has("deviceId") ? item.get("deviceId").getAsString() : "";
            if (!DeviceId.isValid(id)) {
                continue;
            }
            String code = item.has(codeField) && !item.get(codeField).isJsonNull()
                    ? item.get(codeField).getAsString() : "";
            String status = item.has(statusField) && !item.get(statusField).isJsonNull()
                    ? item.get(statusField).getAsString() : "";
            out.add(new BulkItemError(DeviceId.of(id), code, status));
        }
        return out;
    }

    @Override
    public RegistryStatistics statistics() {
        return ctx.sdk("read statistics of", Target.registry(), () -> {
            com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics s = ctx.registry.getStatistics();
            // The SDK reads the enabled count from a misspelt field ("enableDeviceCount"), so it is always 0:
            // every device is either enabled or disabled, so derive it.
            long total = s.getTotalDeviceCount();
            long disabled = s.getDisabledDeviceCount();
            return new RegistryStatistics(total, Math.max(0, total - disabled), disabled);
        });
    }

    static String devicePath(DeviceId id) {
        return "/devices/" + HubRest.segment(id.value());
    }
}
