package dev.fleetops.core.azure;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.DeviceNotFoundException;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.spi.DeviceRegistry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity registry: reads ({@code get}, statistics) over {@code RegistryClient}, everything that changes the
 * registry over the adapter's own REST calls.
 * <ul>
 *   <li>{@code create} and {@code delete} never go through the SDK: its {@code HttpsURLConnection} would send the
 *       PUT or DELETE a second time by itself when the connection dropped before the answer, so the caller would get
 *       {@code DeviceAlreadyExists} for the device this call created, or {@code false} for the device it deleted,
 *       and {@code FleetClient} would never learn that an answer was lost. Over {@code java.net.http} the lost answer
 *       surfaces as a {@link dev.fleetops.core.TransportException}: {@code FleetClient} does not repeat the create
 *       (the device may exist; read it), and repeats the delete, whose repeat finds nothing and returns
 *       {@code false}, as {@code Devices.delete} documents for a retry whose lost attempt deleted the device. A
 *       self-signed device is created with two random thumbprints, as the SDK's {@code Device} did; a SAS device
 *       without keys gets its keys from the hub.</li>
 *   <li>{@code update} reads the identity and sends it back with the caller's changes and ETag (the SDK always
 *       sends {@code If-Match: *} and cannot carry a status reason).</li>
 *   <li>{@code bulk} is {@code POST /devices}, which the SDK lacks.</li>
 * </ul>
 * Thread-safe.
 */
final class AzureRegistry implements DeviceRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

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
        HubRest.Response r = ctx.rest("PUT", devicePath(device.id()), createJson(device).toString(), null, "create",
                target);
        return AzureContext.read("create", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
    }

    /** The identity of a new device; a self-signed one gets two random thumbprints, as the SDK's Device gives it. */
    private static JsonObject createJson(Device device) {
        JsonObject body = Wire.deviceJson(device, null);
        if (device.authenticationType() == AuthenticationType.SELF_SIGNED) {
            JsonObject thumbprints = new JsonObject();
            thumbprints.addProperty("primaryThumbprint", randomThumbprint());
            thumbprints.addProperty("secondaryThumbprint", randomThumbprint());
            body.getAsJsonObject("authentication").add("x509Thumbprint", thumbprints);
        }
        return body;
    }

    private static String randomThumbprint() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(40);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
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
            ctx.rest("DELETE", devicePath(id), null, ifMatch.orElse("*"), "delete", target);
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
