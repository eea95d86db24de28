package dev.fleetops.core.azure;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.spi.Attempts;
import dev.fleetops.core.spi.DeviceRegistry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity registry: reads ({@code get}, statistics) over {@code RegistryClient}, everything that changes the
 * registry over the adapter's own REST calls.
 * <ul>
 *   <li>{@code create} and {@code delete} never go through the SDK: its {@code HttpsURLConnection} would send the
 *       PUT or DELETE a second time by itself when the connection dropped before the answer, so the caller would get
 *       {@code DeviceAlreadyExists} for the device this call created, or {@code false} for the device it deleted,
 *       and {@code FleetClient} would never learn that an answer was lost. Over {@code java.net.http} the lost answer
 *       surfaces as a {@link dev.fleetops.core.error.TransportException}: {@code FleetClient} does not repeat the create
 *       (the device may exist; read it), and repeats the delete, whose repeat finds nothing and returns
 *       {@code false}, as {@code Devices.delete} documents for a retry whose lost attempt deleted the device. A
 *       self-signed device is created with two random thumbprints, as the SDK's {@code Device} did; a SAS device
 *       without keys gets its keys from the hub.</li>
 *   <li>{@code update} reads the identity and sends it back with the caller's changes (the SDK always sends
 *       {@code If-Match: *} and cannot carry a status reason). The identity is sent whole, keys or thumbprints
 *       included, because the hub issues new keys to a SAS identity sent without them. Without a caller's ETag (or
 *       with {@code *}) the PUT carries the ETag just read, so that a change made between the read and the write (a key rotation, say)
 *       is never undone: on 412 the identity is read again and the update sent again, at most
 *       {@value #MAX_UNGUARDED_ATTEMPTS} times, after which the call fails with a
 *       {@link PreconditionFailedException} that names the device (nothing was written). With the caller's ETag the
 *       412 goes to the caller.</li>
 *   <li>{@code bulk} is {@code POST /devices}, which the SDK lacks. Updated devices are read first, as for
 *       {@code update}, and each update item carries what an import item can of the identity read (keys or
 *       thumbprints, capabilities, {@code deviceScope} and {@code parentScopes}), since it replaces the identity
 *       as a PUT does; an update the caller sent unguarded goes out as {@code updateIfMatchETag} with the ETag just
 *       read, and devices that fail it with a precondition error are read and sent again in a further
 *       {@code POST /devices}, at most {@value #MAX_UNGUARDED_ATTEMPTS} rounds in all, so that the caller's
 *       unconditional update stays unconditional.</li>
 * </ul>
 * Thread-safe.
 */
final class AzureRegistry implements DeviceRegistry {

    /** How many times an update without the caller's ETag is read and written before it gives up. */
    static final int MAX_UNGUARDED_ATTEMPTS = 5;

    /** What an {@code ExportImportDevice} of the bulk call carries from a device identity. */
    private static final List<String> IMPORT_FIELDS = List.of("status", "statusReason", "authentication",
            "capabilities", "deviceScope", "parentScopes");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AzureContext ctx;

    AzureRegistry(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Device get(DeviceId id) {
        // Over REST, as the hub wrote it: the SDK's Device maps a status or authentication type it does not know to
        // null, which would read as a known value.
        Target target = Target.device(id.value());
        HubRest.Response r = ctx.rest("GET", devicePath(id), null, null, "get", target);
        return AzureContext.read("get", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
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
    public Device update(Device device, ETag ifMatch) {
        Target target = Target.device(device.id().value());
                for (int attempt = 1; ; attempt++) {
            // The identity as the hub holds it, keys or thumbprints included, so that the PUT keeps them. The
            // client paced this call as one registry operation: the first read uses it, and every further hub
            // operation (the write, and the read and write of each repeat) is charged to pacing before it is sent.
            if (attempt > 1) {
                Attempts.charge(OperationClass.REGISTRY, 1);
            }
            JsonObject current = currentIdentity(device.id(), "update");
            String etag = ifMatch.isAny() ? etagOf(current) : ifMatch.value();
            JsonObject body = Wire.deviceJson(device, current);
            body.addProperty("etag", etag);
            Attempts.charge(OperationClass.REGISTRY, 1);
            try {
                HubRest.Response r = ctx.rest("PUT", devicePath(device.id()), body.toString(), etag, "update",
                        target);
                return AzureContext.read("update", target, r.body(), json -> Wire.device(PropertyTree.parse(json)));
            } catch (PreconditionFailedException changed) {
                if (!ifMatch.isAny()) {
                    throw changed;
                }
                if (attempt >= MAX_UNGUARDED_ATTEMPTS) {
                    throw new PreconditionFailedException(changed.errorCode(), "update " + target.describe()
                            + ": the identity changed between its read and its write " + attempt + " times in a row;"
                            + " nothing was written");
                }
            }
        }
    }

    /** The identity's ETag as the hub gave it, or {@code *} if it gave none. */
    private static String etagOf(JsonObject identity) {
        JsonElement e = identity.get("etag");
        return e == null || e.isJsonNull() || e.getAsString().isEmpty() ? "*" : e.getAsString();
    }

    private JsonObject currentIdentity(DeviceId id, String operation) {
        Target target = Target.device(id.value());
        HubRest.Response r = ctx.rest("GET", devicePath(id), null, null, operation, target);
        return AzureContext.read(operation, target, r.body(), json -> JsonParser.parseString(json).getAsJsonObject());
    }

    @Override
    public boolean delete(DeviceId id, ETag ifMatch) {
        Target target = Target.device(id.value());
        try {
            ctx.rest("DELETE", devicePath(id), null, ifMatch.value(), "delete", target);
            return true;
        } catch (DeviceNotFoundException gone) {
            return false;
        }
    }

    @Override
    public BulkResult bulk(List<BulkOperation> operations) {
        DeviceRegistry.checkBulk(operations);
        ctx.checkOpen();
        String operation = "bulk registry operation of " + operations.size() + " devices on";
        List<BulkItemError> errors = new ArrayList<>();
        List<BulkItemError> warnings = new ArrayList<>();
        boolean successful = true;
        List<BulkOperation> pending = operations;
        for (int round = 1; !pending.isEmpty(); round++) {
            if (round > 1) {
                // The first round's POST has been applied: a failure from here on must not escape, or the client
                // would retry the whole chunk and the hub would answer "already exists" for the devices this call
                // created itself. The items still pending are reported with the failure instead.
                try {
                    Round r = round(pending, round, operation, errors, warnings);
                    successful &= r.successful();
                    pending = r.again();
                } catch (FleetException e) {
                    String code = e instanceof ThrottledException ? "Throttled"
                            : e instanceof ServiceUnavailableException || e instanceof TransportException
                            ? "OutcomeUnknown" : e.getClass().getSimpleName();
                    String reason = "the repeat of this update (its identity changed between read and write) "
                            + "failed: " + Redactor.describe(e);
                    pending.forEach(op -> errors.add(new BulkItemError(op.device().id(), code, reason)));
                    pending = List.of();
                }
                continue;
            }
            Round r = round(pending, round, operation, errors, warnings);
            successful &= r.successful();
            pending = r.again();
        }
        return new BulkResult(successful && errors.isEmpty(), errors, warnings);
    }

    /**
     * One round of a bulk call: the items of {@code pending} as one {@code POST /devices}; returns the unguarded
     * updates to send again because their identity changed between read and write, and whether the hub (or the
     * absence of anything to send) left the round unsuccessful without naming a device.
     */
    private Round round(List<BulkOperation> pending, int round, String operation,
                                      List<BulkItemError> errors, List<BulkItemError> warnings) {
        Map<DeviceId, BulkOperation> sent = new LinkedHashMap<>();
        JsonArray body = new JsonArray();
        for (BulkOperation op : pending) {
            JsonObject item = item(op, errors);
            if (item != null) {
                sent.put(op.device().id(), op);
                body.add(item);
            }
        }
        if (body.isEmpty()) {
            return new Round(List.of(), false);
        }
        if (round > 1) {
            // The client paced the first POST at one permit per device; a repeat round is charged here.
            Attempts.charge(OperationClass.REGISTRY, body.size());
        }
        BulkResult answered = post(body, operation);
        warnings.addAll(answered.warnings());
        List<BulkOperation> again = new ArrayList<>();
        for (BulkItemError error : answered.errors()) {
            BulkOperation op = sent.get(error.deviceId());
            if (op != null && op.mode() == BulkMode.UPDATE && isPreconditionFailure(error.errorCode())) {
                if (round < MAX_UNGUARDED_ATTEMPTS) {
                    again.add(op);
                    continue;
                }
                errors.add(new BulkItemError(error.deviceId(), error.errorCode(), "device '" + error.deviceId()
                        + "' changed between its read and its write " + round + " times in a row; it was not"
                        + " updated"));
                continue;
            }
            errors.add(error);
        }
        return new Round(again, answered.successful() || !answered.errors().isEmpty());
    }

    /** What one bulk round leaves: updates to send again, and whether it succeeded as far as it can tell. */
    private record Round(List<BulkOperation> again, boolean successful) {
    }

    /** One {@code POST /devices}; a 400 without per-device errors refused the request as a whole. */
    private BulkResult post(JsonArray body, String operation) {
        Target target = Target.registry();
        HubRest.Response r = ctx.rest.sendAllowingClientErrors("POST", "/devices", body.toString(), operation,
                target);
        BulkResult answered = AzureContext.read(operation, target, r.body(), AzureRegistry::bulkResult);
        if (r.status() >= 400 && answered.errors().isEmpty()) {
            throw AzureErrors.fromRest(r.status(), r.body(), Optional.empty(), ctx.clock, operation, target);
        }
        return answered;
    }

    /**
     * The bulk item of one operation. An update carries the identity as the hub holds it (keys, thumbprints and
     * scopes included: an import item replaces the whole identity, as a PUT does) with the caller's changes; an unguarded update is
     * sent as {@code updateIfMatchETag} with the ETag just read. Returns null, with the error added, for an update of
     * a device that is not registered.
     */
    private JsonObject item(BulkOperation op, List<BulkItemError> errors) {
        Device d = op.device();
        JsonObject o = new JsonObject();
        o.addProperty("id", d.id().value());
        switch (op.mode()) {
            case DELETE:
            case DELETE_IF_MATCH_ETAG:
                o.addProperty("importMode", op.mode().wireName());
                break;
            case CREATE:
                copyImportFields(createJson(d), o);
                o.addProperty("importMode", op.mode().wireName());
                // The initial twin rides in the same item: ExportImportDevice.tags and .properties.desired.
                if (!op.initialTags().isEmpty()) {
                    o.add("tags", JsonParser.parseString(op.initialTags().toJson()));
                }
                if (!op.initialDesired().isEmpty()) {
                    JsonObject properties = new JsonObject();
                    properties.add("desired", JsonParser.parseString(op.initialDesired().toJson()));
                    o.add("properties", properties);
                }
                break;
            default:
                JsonObject current;
                try {
                    Attempts.charge(OperationClass.REGISTRY, 1);
                    current = currentIdentity(d.id(), "bulk update");
                } catch (DeviceNotFoundException missing) {
                    errors.add(new BulkItemError(d.id(), "DeviceNotFound", "device '" + d.id()
                            + "' is not registered in the hub"));
                    return null;
                }
                copyImportFields(Wire.deviceJson(d, current), o);
                o.addProperty("importMode", BulkMode.UPDATE_IF_MATCH_ETAG.wireName());
                o.addProperty("eTag", op.mode().etagGuarded() && !d.etag().isAny() ? d.etag().value() : etagOf(current));
                return o;
        }
        if (op.mode().etagGuarded()) {
            o.addProperty("eTag", d.etag().value());
        }
        return o;
    }

    /** The fields of an identity that an {@code ExportImportDevice} carries; not the read-only ones. */
    private static void copyImportFields(JsonObject identity, JsonObject item) {
        for (String field : IMPORT_FIELDS) {
            JsonElement value = identity.get(field);
            if (value != null && !value.isJsonNull()) {
                item.add(field, value);
            }
        }
    }

    private static boolean isPreconditionFailure(String errorCode) {
        return errorCode.equals("PreconditionFailed") || errorCode.equals("GenericPreconditionFailed")
                || errorCode.equals("EtagDoesNotMatch") || errorCode.startsWith("412");
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
