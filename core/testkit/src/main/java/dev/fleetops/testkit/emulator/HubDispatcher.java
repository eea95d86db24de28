package dev.fleetops.testkit.emulator;

import dev.fleetops.core.model.ETag;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.QuerySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Translates IoT Hub REST calls (api-version 2021-04-12) into calls of the hub SPI on an {@link EmbeddedHub} and
 * the answers back: one table of routes, dispatched by method and path. The only state it keeps besides the hub's
 * is what the SPI's {@code Device} deliberately does not carry: each device's authentication material (keys or
 * thumbprints) and its {@code deviceScope} and {@code parentScopes}, kept as the last write gave them (the emulator
 * does not generate an Edge device's own scope). Thread-safe.
 */
final class HubDispatcher {

    /** The item types IoT Hub names in {@code x-ms-item-type}. */
    static final String ITEM_TWIN = "twin";
    static final String ITEM_RAW = "raw";
    static final String ITEM_DEVICE_JOB = "deviceJob";
    static final String ITEM_JOB = "jobResponse";

    /** A request as the dispatcher sees it: the effective method, the decoded path, its parts. */
    record Call(String method, String path, List<String> segments, Map<String, List<String>> query,
                Function<String, Optional<String>> header, String body) {

        Optional<String> queryParam(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** An answer before rendering; {@code body} is empty for none. */
    record Reply(int status, Map<String, String> headers, String body) {

        static Reply json(int status, JsonElement body) {
            return new Reply(status, Map.of(), WireJson.GSON.toJson(body));
        }

        static Reply json(int status, JsonElement body, Map<String, String> headers) {
            return new Reply(status, headers, WireJson.GSON.toJson(body));
        }

        static Reply noContent() {
            return new Reply(204, Map.of(), "");
        }
    }

    /** A route: method, path template, what it acts on (for error names), and its handler. */
    record Route(String method, String template, String resource, Handler handler) {

        boolean matchesPath(List<String> segments) {
            String[] parts = template.substring(1).split("/");
            if (parts.length != segments.size()) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].startsWith("{") && !parts[i].equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        String name() {
            return method + " " + template;
        }
    }

    /** A route handler. */
    interface Handler {
        Reply handle(Call call);
    }

    /** Thrown for a request the hub refuses before the SPI is called (bad JSON, missing fields). */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient HubErrors.HubError error;

        Refusal(HubErrors.HubError error) {
            super(error.message());
            this.error = error;
        }
    }

    private final EmbeddedHub hub;
    private final List<Route> routes;
    private final Map<String, JsonObject> credentials = new ConcurrentHashMap<>();
    /** How many times keys were issued to each device after its first ones (0 when absent). */
    private final Map<String, Integer> keyGenerations = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> scopes = new ConcurrentHashMap<>();

    private final int maxPageSize;

    HubDispatcher(EmbeddedHub hub) {
        this(hub, PageRequest.MAX_PAGE_SIZE);
    }

    /** A dispatcher whose query pages hold at most {@code maxPageSize} items, whatever the client asks for. */
    HubDispatcher(EmbeddedHub hub, int maxPageSize) {
        this.hub = hub;
        this.maxPageSize = maxPageSize;
        this.routes = List.of(
                new Route("GET", "/statistics/devices", "device", this::statistics),
                new Route("POST", "/devices/query", "query", this::query),
                new Route("POST", "/devices", "device", this::bulk),
                new Route("GET", "/devices", "device", this::listDevices),
                new Route("GET", "/devices/{id}", "device", this::getDevice),
                new Route("PUT", "/devices/{id}", "device", this::putDevice),
                new Route("DELETE", "/devices/{id}", "device", this::deleteDevice),
                new Route("GET", "/twins/{id}", "device", this::getTwin),
                new Route("PATCH", "/twins/{id}", "device", this::patchTwin),
                new Route("POST", "/twins/{id}/methods", "device", this::invokeMethod),
                new Route("POST", "/configurations/testQueries", "configuration", this::testQueries),
                new Route("GET", "/configurations", "configuration", this::listConfigurations),
                new Route("GET", "/configurations/{id}", "configuration", this::getConfiguration),
                new Route("PUT", "/configurations/{id}", "configuration", this::putConfiguration),
                new Route("DELETE", "/configurations/{id}", "configuration", this::deleteConfiguration),
                new Route("GET", "/jobs/v2/query", "job", this::listJobs),
                new Route("GET", "/jobs/v2/{id}", "job", this::getJob),
                new Route("PUT", "/jobs/v2/{id}", "job", this::putJob),
                new Route("POST", "/jobs/v2/{id}/cancel", "job", this::cancelJob));
    }

    List<Route> routes() {
        return routes;
    }

    Optional<Route> route(String method, List<String> segments) {
        for (Route r : routes) {
            if (r.method().equals(method) && r.matchesPath(segments)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a call on its route. Hub refusals come back as error replies; a {@link TransportException} from the hub
     * (its own injected connection faults) propagates, for the caller to turn into a connection reset.
     */
    Reply dispatch(Route route, Call call, Function<HubErrors.HubError, Reply> errors) {
        try {
            return route.handler().handle(call);
        } catch (TransportException e) {
            throw e;
        } catch (Refusal r) {
            return errors.apply(r.error);
        } catch (FleetException | IllegalArgumentException e) {
            return errors.apply(HubErrors.of(e, route.resource()));
        } catch (ArithmeticException | IllegalStateException | UnsupportedOperationException
                 | ClassCastException e) {
            return errors.apply(HubErrors.of(400, "ArgumentInvalid", "the request could not be read: " + e));
        }
    }

    /**
     * Runs the parse stage of a handler, before the hub is called: whatever it throws means the request could not
     * be read, so the answer is a 400 (never a 500), and the hub is untouched. Refusals, SPI exceptions and
     * {@link IllegalArgumentException}s pass through to {@link #dispatch}, which maps them with their own messages.
     */
    static <T> T parsing(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (Refusal | FleetException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "the request could not be read: " + e));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static DeviceId deviceId(Call call) {
        return DeviceId.of(call.segments().get(1));
    }

    /** The {@code If-Match} header as an ETag: present (possibly {@link ETag#ANY}) when the header was sent. */
    private static Optional<ETag> ifMatchHeader(Call call) {
        return call.header().apply("If-Match").map(HubDispatcher::unquote).filter(s -> !s.isEmpty()).map(ETag::of);
    }

    /** The precondition of a write: the {@code If-Match} header, or {@link ETag#ANY} without one. */
    private static ETag ifMatch(Call call) {
        return ifMatchHeader(call).orElse(ETag.ANY);
    }

    /** IoT Hub takes ETags bare or quoted, weak or strong; the SPI compares bare values. */
    static String unquote(String etag) {
        String s = etag.trim();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private PageRequest page(Call call) {
        int size = PageRequest.MAX_PAGE_SIZE;
        Optional<String> max = call.header().apply("x-ms-max-item-count").filter(s -> !s.isBlank());
        if (max.isPresent()) {
            try {
                size = Integer.parseInt(max.get().trim());
            } catch (NumberFormatException e) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "x-ms-max-item-count '" + max.get()
                        + "' is not a number"));
            }
            if (size < 1) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "x-ms-max-item-count is " + size
                        + "; it must be at least 1"));
            }
            // "The service may use a different value if the value specified is not acceptable."
            size = Math.min(size, maxPageSize);
        }
        size = Math.min(size, maxPageSize);
        Optional<String> token = call.header().apply("x-ms-continuation").filter(s -> !s.isBlank());
        PageRequest first = PageRequest.first(size);
        return token.map(first::next).orElse(first);
    }

    private static Map<String, String> pageHeaders(String itemType, QueryPage<?> page) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ms-item-type", itemType);
        page.continuationToken().ifPresent(t -> h.put("x-ms-continuation", t));
        return h;
    }

    private JsonObject authenticationOf(Device d) {
        JsonObject stored = credentials.get(d.id().value());
        if (stored != null && WireJson.string(stored, "type").orElse("").equals(d.authenticationType().wireName())) {
            return stored;
        }
        return WireJson.authentication(d, null, 0);
    }

    /**
     * Stores the authentication of an identity just written: the keys or thumbprints given. A SAS identity written
     * without keys gets new ones, as IoT Hub issues them (so a client that does not send the keys back loses them);
     * an X.509 identity written without thumbprints keeps those it had.
     */
    private JsonObject remember(Device d, WireJson.DeviceInput given) {
        String id = d.id().value();
        JsonObject previous = credentials.get(id);
        JsonObject auth = given.authentication();
        boolean givenKeys = auth.has("symmetricKey") || auth.has("x509Thumbprint");
        JsonObject stored;
        if (givenKeys || previous == null) {
            stored = WireJson.authentication(d, auth, keyGenerations.getOrDefault(id, 0));
        } else if (d.authenticationType() == dev.fleetops.core.model.AuthenticationType.SAS) {
            stored = WireJson.authentication(d, null, keyGenerations.merge(id, 1, Integer::sum));
        } else {
            stored = WireJson.authentication(d, previous, 0);
        }
        credentials.put(id, stored);
        if (given.scopes().size() == 0) {
            scopes.remove(id);
        } else {
            scopes.put(id, given.scopes());
        }
        return stored;
    }

    /** A twin as the hub answers it, with the thumbprints of its identity's certificates (kept here, not in the hub). */
    private JsonObject twinJson(dev.fleetops.core.model.Twin t) {
        JsonObject o = WireJson.twin(t);
        JsonObject auth = t.isModuleTwin() ? null : credentials.get(t.deviceId().value());
        if (auth != null && auth.has("x509Thumbprint") && auth.get("x509Thumbprint").isJsonObject()) {
            o.add("x509Thumbprint", auth.getAsJsonObject("x509Thumbprint").deepCopy());
        }
        return o;
    }

    private void forget(String id) {
        credentials.remove(id);
        keyGenerations.remove(id);
        scopes.remove(id);
    }

    // ---- registry --------------------------------------------------------------------------------------------

    private Reply statistics(Call call) {
        RegistryStatistics s = hub.registry().statistics();
        JsonObject o = new JsonObject();
        o.addProperty("totalDeviceCount", s.totalDevices());
        o.addProperty("enabledDeviceCount", s.enabledDevices());
        o.addProperty("disabledDeviceCount", s.disabledDevices());
        return Reply.json(200, o);
    }

    /** The most identities {@code GET /devices} returns, and its default. */
    static final int MAX_LIST_DEVICES = 1000;

    /** {@code GET /devices?top=n}: up to {@code n} (at most 1,000) identities, in device-id order. */
    private Reply listDevices(Call call) {
        int top = MAX_LIST_DEVICES;
        Optional<String> given = call.queryParam("top").filter(t -> !t.isBlank());
        if (given.isPresent()) {
            try {
                top = Integer.parseInt(given.get().trim());
            } catch (NumberFormatException e) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "top '" + given.get() + "' is not a number"));
            }
            if (top < 1) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "top is " + top + "; it must be at least 1"));
            }
            top = Math.min(top, MAX_LIST_DEVICES);
        }
        List<String> ids = new ArrayList<>();
        PageRequest page = PageRequest.first();
        while (true) {
            QueryPage<dev.fleetops.core.model.Twin> p = hub.queries().queryTwins("SELECT * FROM devices", page);
            p.items().forEach(t -> ids.add(t.deviceId().value()));
            if (!p.hasMore()) {
                break;
            }
            page = page.next(p.continuationToken().orElseThrow());
        }
        java.util.Collections.sort(ids);
        List<JsonElement> items = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(top, ids.size()))) {
            try {
                Device d = hub.registry().get(DeviceId.of(id));
                items.add(WireJson.device(d, authenticationOf(d), scopes.get(id)));
            } catch (dev.fleetops.core.error.DeviceNotFoundException gone) {
                // deleted while listing: not listed
            }
        }
        return Reply.json(200, WireJson.array(items));
    }

    private Reply getDevice(Call call) {
        Device d = hub.registry().get(deviceId(call));
        return Reply.json(200, WireJson.device(d, authenticationOf(d), scopes.get(d.id().value())));
    }

    private Reply putDevice(Call call) {
        DeviceId id = deviceId(call);
        WireJson.DeviceInput in = parsing(() -> WireJson.parseDevice(WireJson.parseObject(call.body()), id,
                "deviceId"));
        Optional<ETag> ifMatch = ifMatchHeader(call);
        Device stored = ifMatch.isPresent()
                ? hub.registry().update(in.device(), ifMatch.get())
                : hub.registry().create(in.device());
        return Reply.json(200, WireJson.device(stored, remember(stored, in), scopes.get(id.value())));
    }

    private Reply deleteDevice(Call call) {
        DeviceId id = deviceId(call);
        if (!hub.registry().delete(id, ifMatch(call))) {
            throw new Refusal(HubErrors.of(404, "DeviceNotFound", "device '" + id + "' is not registered in the"
                    + " hub"));
        }
        forget(id.value());
        return Reply.noContent();
    }

    private Reply bulk(Call call) {
        JsonElement body = WireJson.parse(call.body());
        if (!body.isJsonArray()) {
            throw new IllegalArgumentException("the body of a bulk registry operation is a JSON array of devices");
        }
        JsonArray items = body.getAsJsonArray();
        if (items.isEmpty() || items.size() > dev.fleetops.core.spi.DeviceRegistry.MAX_BULK) {
            throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "a bulk registry operation carries 1 to 100"
                    + " devices, not " + items.size()));
        }
        List<BulkOperation> ops = new ArrayList<>();
        Map<String, WireJson.DeviceInput> inputs = new LinkedHashMap<>();
        parsing(() -> parseBulkItems(items, ops, inputs));
        BulkResult result = hub.registry().bulk(ops);
        Set<String> failed = new HashSet<>();
        JsonArray errors = new JsonArray();
        for (BulkItemError err : result.errors()) {
            failed.add(err.deviceId().value());
            JsonObject o = new JsonObject();
            o.addProperty("deviceId", err.deviceId().value());
            o.addProperty("errorCode", HubErrors.bulkName(err.errorCode()));
            o.addProperty("errorStatus", err.errorStatus());
            errors.add(o);
        }
        for (BulkOperation op : ops) {
            String id = op.device().id().value();
            if (failed.contains(id)) {
                continue;
            }
            if (op.mode() == BulkMode.DELETE || op.mode() == BulkMode.DELETE_IF_MATCH_ETAG) {
                forget(id);
            } else {
                remember(op.device(), inputs.get(id));
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("isSuccessful", result.successful());
        o.add("errors", errors);
        o.add("warnings", new JsonArray());
        return Reply.json(result.successful() ? 200 : 400, o);
    }

    /** Reads the items of a bulk call into operations and the identities as given; the hub is not called. */
    private static List<BulkOperation> parseBulkItems(JsonArray items, List<BulkOperation> ops,
                                                      Map<String, WireJson.DeviceInput> inputs) {
        Set<String> seen = new HashSet<>();
        for (JsonElement e : items) {
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("each item of a bulk registry operation is a JSON object");
            }
            JsonObject item = e.getAsJsonObject();
            String rawId = WireJson.string(item, "id")
                    .orElseThrow(() -> new IllegalArgumentException("a bulk item has no 'id'"));
            DeviceId id = DeviceId.of(rawId);
            if (!seen.add(rawId)) {
                throw new Refusal(HubErrors.of(400, "DeviceDefinedMultipleTimes", "device '" + rawId
                        + "' appears more than once in the bulk registry operation"));
            }
            String modeName = WireJson.string(item, "importMode")
                    .orElseThrow(() -> new IllegalArgumentException("bulk item '" + rawId + "' has no 'importMode'"));
            BulkMode mode = bulkMode(modeName, rawId);
            WireJson.DeviceInput in = WireJson.parseDevice(item, id, "id");
            Device device = in.device();
            if (mode.etagGuarded()) {
                String etag = WireJson.string(item, "eTag").map(HubDispatcher::unquote).orElse("");
                device = device.toBuilder().etag(ETag.of(etag)).build();
            }
            // The initial twin of a create: ExportImportDevice.tags and .properties.desired.
            PropertyTree tags = item.has("tags") && item.get("tags").isJsonObject()
                    ? PropertyTree.parse(item.get("tags").toString()) : PropertyTree.empty();
            JsonElement properties = item.get("properties");
            JsonElement desired = properties != null && properties.isJsonObject()
                    ? properties.getAsJsonObject().get("desired") : null;
            ops.add(new BulkOperation(mode, device, tags, desired != null && desired.isJsonObject()
                    ? PropertyTree.parse(desired.toString()) : PropertyTree.empty()));
            inputs.put(rawId, in);
        }
        return ops;
    }

    private static BulkMode bulkMode(String name, String id) {
        for (BulkMode m : BulkMode.values()) {
            if (m.wireName().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "bulk item '" + id + "': importMode '" + name
                + "' is not served by the emulator (it serves create, update, updateIfMatchETag, delete and"
                + " deleteIfMatchETag)"));
    }

    // ---- twins and methods -----------------------------------------------------------------------------------

    private Reply getTwin(Call call) {
        Twin t = hub.twins().get(deviceId(call));
        return Reply.json(200, twinJson(t));
    }

    private Reply patchTwin(Call call) {
        DeviceId id = deviceId(call);
        dev.fleetops.core.model.TwinPatch patch = parsing(() -> {
            JsonObject body = WireJson.parseObject(call.body());
            WireJson.string(body, "deviceId").ifPresent(given -> {
                if (!given.equals(id.value())) {
                    throw new IllegalArgumentException("the body names device '" + given + "' but the path names '"
                            + id + "'");
                }
            });
            return WireJson.twinPatch(body);
        });
        Twin t = hub.twins().patch(id, patch, ifMatch(call));
        return Reply.json(200, twinJson(t));
    }

    private Reply invokeMethod(Call call) {
        MethodInvocation m = parsing(() -> WireJson.parseMethod(WireJson.parseObject(call.body())));
        return Reply.json(200, WireJson.methodResult(hub.methods().invoke(deviceId(call), m)));
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    private Reply query(Call call) {
        String text = parsing(() -> WireJson.string(WireJson.parseObject(call.body()), "query")
                .orElseThrow(() -> new IllegalArgumentException("the query body has no 'query'")));
        PageRequest page = parsing(() -> page(call));
        CompiledQuery q = CompiledQuery.of(text);
        if (q.source() != QuerySource.JOBS && q.selectsAll()) {
            QueryPage<Twin> twins = hub.queries().queryTwins(text, page);
            List<JsonElement> items = new ArrayList<>();
            twins.items().forEach(t -> items.add(twinJson(t)));
            return Reply.json(200, WireJson.array(items), pageHeaders(ITEM_TWIN, twins));
        }
        QueryPage<PropertyTree> rows = hub.queries().queryRaw(text, page);
        List<JsonElement> items = new ArrayList<>();
        for (PropertyTree row : rows.items()) {
            items.add(q.source() == QuerySource.JOBS ? WireJson.deviceJobRow(row) : WireJson.json(row));
        }
        return Reply.json(200, WireJson.array(items),
                pageHeaders(q.source() == QuerySource.JOBS ? ITEM_DEVICE_JOB : ITEM_RAW, rows));
    }

    // ---- configurations --------------------------------------------------------------------------------------

    private Reply getConfiguration(Call call) {
        return Reply.json(200, WireJson.configuration(hub.configurations().get(call.segments().get(1))));
    }

    private Reply putConfiguration(Call call) {
        String id = call.segments().get(1);
        // content the emulator does not serve yet is answered as a route it does not serve, not as a bad request:
        // the request may well be valid for IoT Hub
        WireJson.object(WireJson.parseObject(call.body()), "content").ifPresent(content -> {
            for (String modules : new String[] {"modulesContent", "moduleContent"}) {
                if (WireJson.object(content, modules).filter(m -> m.size() > 0).isPresent()) {
                    throw new Refusal(HubErrors.notServed(call.method(), call.path() + " with content." + modules));
                }
            }
        });
        Configuration c = parsing(() -> WireJson.parseConfiguration(WireJson.parseObject(call.body()), id));
        Optional<ETag> ifMatch = ifMatchHeader(call);
        if (ifMatch.isPresent()) {
            return Reply.json(200, WireJson.configuration(hub.configurations().update(c, ifMatch.get())));
        }
        return Reply.json(201, WireJson.configuration(hub.configurations().create(c)));
    }

    private Reply deleteConfiguration(Call call) {
        String id = call.segments().get(1);
        if (!hub.configurations().delete(id, ifMatch(call))) {
            throw new Refusal(HubErrors.of(404, "ConfigurationNotFound", "configuration '" + id
                    + "' does not exist in the hub"));
        }
        return Reply.noContent();
    }

    private Reply listConfigurations(Call call) {
        int top = dev.fleetops.core.spi.ConfigurationService.MAX_CONFIGURATIONS;
        Optional<String> given = call.queryParam("top");
        if (given.isPresent()) {
            try {
                top = Integer.parseInt(given.get());
            } catch (NumberFormatException e) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "top '" + given.get() + "' is not a number"));
            }
            if (top < 1) {
                throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "top is " + top + "; it must be at least 1"));
            }
            // "Value will be overridden if greater than the maximum deployment count for the IoT Hub."
            top = Math.min(top, dev.fleetops.core.spi.ConfigurationService.MAX_CONFIGURATIONS);
        }
        List<JsonElement> items = new ArrayList<>();
        hub.configurations().list(top).forEach(c -> items.add(WireJson.configuration(c)));
        return Reply.json(200, WireJson.array(items));
    }

    private Reply testQueries(Call call) {
        JsonObject body = WireJson.parseObject(call.body());
        JsonObject out = new JsonObject();
        String target = WireJson.string(body, "targetCondition").orElse("");
        String targetError = "";
        if (!target.isBlank() && !"*".equals(target.trim())) {
            try {
                CompiledCondition.of(target);
            } catch (InvalidQueryException e) {
                targetError = e.getMessage();
            }
        }
        out.addProperty("targetConditionError", targetError);
        JsonObject metricErrors = new JsonObject();
        WireJson.object(body, "customMetricQueries").map(WireJson::stringMap).orElse(Map.of())
                .forEach((name, text) -> {
                    try {
                        CompiledQuery.of(text);
                    } catch (InvalidQueryException e) {
                        metricErrors.addProperty(name, e.getMessage());
                    }
                });
        out.add("customMetricQueryErrors", metricErrors);
        return Reply.json(200, out);
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    /** A job as a {@code PUT /jobs/v2/{id}} asks for it, read before the hub is called. */
    private record JobRequest(JobType type, String condition, Instant start, Duration max,
                              dev.fleetops.core.model.TwinPatch patch, MethodInvocation method) {
    }

    private Reply putJob(Call call) {
        String id = call.segments().get(2);
        JobRequest r = parsing(() -> parseJob(call, id));
        ScheduledJob job = r.type() == JobType.TWIN_UPDATE
                ? hub.jobs().scheduleTwinUpdate(id, r.condition(), r.patch(), r.start(), r.max())
                : hub.jobs().scheduleDirectMethod(id, r.condition(), r.method(), r.start(), r.max());
        return Reply.json(200, WireJson.job(job));
    }

    private JobRequest parseJob(Call call, String id) {
        JsonObject body = WireJson.parseObject(call.body());
        WireJson.string(body, "jobId").ifPresent(given -> {
            if (!given.equals(id)) {
                throw new IllegalArgumentException("the body names job '" + given + "' but the path names '" + id
                        + "'");
            }
        });
        String type = WireJson.string(body, "type")
                .orElseThrow(() -> new IllegalArgumentException("job '" + id + "' has no 'type'"));
        String condition = WireJson.string(body, "queryCondition")
                .orElseThrow(() -> new IllegalArgumentException("job '" + id + "' has no 'queryCondition'"));
        Instant start = WireJson.string(body, "startTime").map(s -> WireJson.parseTime("startTime", s))
                .orElseGet(() -> hub.clock().instant());
        Duration max = Duration.ofSeconds(WireJson.number(body, "maxExecutionTimeInSeconds").orElse(3600L));
        if (JobType.TWIN_UPDATE.wireName().equals(type)) {
            JsonObject twin = WireJson.object(body, "updateTwin").orElseThrow(() ->
                    new IllegalArgumentException("job '" + id + "' of type scheduleUpdateTwin has no 'updateTwin'"));
            return new JobRequest(JobType.TWIN_UPDATE, condition, start, max, WireJson.twinPatch(twin), null);
        }
        if (JobType.DIRECT_METHOD.wireName().equals(type)) {
            JsonObject method = WireJson.object(body, "cloudToDeviceMethod").orElseThrow(() ->
                    new IllegalArgumentException("job '" + id + "' of type scheduleDeviceMethod has no"
                            + " 'cloudToDeviceMethod'"));
            return new JobRequest(JobType.DIRECT_METHOD, condition, start, max, null, WireJson.parseMethod(method));
        }
        throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "job type '" + type + "' is not served by the"
                + " emulator (it serves scheduleUpdateTwin and scheduleDeviceMethod)"));
    }

    private Reply getJob(Call call) {
        return Reply.json(200, WireJson.job(hub.jobs().get(call.segments().get(2))));
    }

    private Reply cancelJob(Call call) {
        return Reply.json(200, WireJson.job(hub.jobs().cancel(call.segments().get(2))));
    }

    private Reply listJobs(Call call) {
        Optional<String> typeName = call.queryParam("jobType").filter(s -> !s.isBlank());
        Optional<String> statusName = call.queryParam("jobStatus").filter(s -> !s.isBlank());
        Optional<JobType> type = Optional.empty();
        if (typeName.isPresent()) {
            type = Optional.of(jobType(typeName.get()));
        }
        Optional<JobStatus> status = Optional.empty();
        if (statusName.isPresent()) {
            Optional<JobStatus> s = jobStatus(statusName.get());
            if (s.isEmpty()) {
                // a status IoT Hub knows but the embedded hub never reports (enqueued, unknown): no job has it;
                // the paging headers are still checked, as for any other answer
                page(call);
                return Reply.json(200, new JsonArray(),
                        pageHeaders(ITEM_JOB, QueryPage.last(List.of())));
            }
            status = s;
        }
        JobFilter filter = JobFilter.all();
        if (type.isPresent()) {
            filter = filter.withType(type.get());
        }
        if (status.isPresent()) {
            filter = filter.withStatus(status.get());
        }
        QueryPage<ScheduledJob> jobs = hub.jobs().list(filter, page(call));
        List<JsonElement> items = new ArrayList<>();
        jobs.items().forEach(j -> items.add(WireJson.job(j)));
        return Reply.json(200, WireJson.array(items), pageHeaders(ITEM_JOB, jobs));
    }

    private static JobType jobType(String name) {
        for (JobType t : JobType.values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "jobType '" + name + "' is not one of"
                + " scheduleUpdateTwin, scheduleDeviceMethod"));
    }

    private static Optional<JobStatus> jobStatus(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (JobStatus s : JobStatus.values()) {
            if (WireJson.jobStatus(s).equals(n)) {
                return Optional.of(s);
            }
        }
        if ("enqueued".equals(n) || "unknown".equals(n)) {
            return Optional.empty();
        }
        throw new Refusal(HubErrors.of(400, "ArgumentInvalid", "jobStatus '" + name + "' is not one of unknown,"
                + " enqueued, running, completed, failed, cancelled, scheduled, queued"));
    }
}
