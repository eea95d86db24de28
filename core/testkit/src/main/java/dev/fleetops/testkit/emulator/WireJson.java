package dev.fleetops.testkit.emulator;

import dev.fleetops.core.model.HubTime;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.JobStatistics;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IoT Hub's JSON shapes (api-version 2021-04-12) for the records of the hub SPI, in both directions. Field names
 * follow the service's published spec and what iot-service-client 2.1.9's parsers read. Stateless.
 */
final class WireJson {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** What IoT Hub answers for a time that never happened. */
    static final String NEVER = "0001-01-01T00:00:00Z";

    private WireJson() {
    }

    static String time(Instant t) {
        return t.isBefore(Instant.parse("0002-01-01T00:00:00Z")) ? NEVER : HubTime.format(t);
    }

    /** The first and last instants IoT Hub's times (.NET {@code DateTime}) can hold. */
    static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.9999999Z");

    /**
     * Parses a time the client sent.
     *
     * @throws IllegalArgumentException if it is not ISO-8601 or lies outside the years 1 to 9999, which the hub
     *     cannot hold (nor the emulator write back)
     */
    static Instant parseTime(String field, String text) {
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                t = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    t = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + field + "' is not an ISO-8601 time: " + text, e);
                }
            }
        }
        if (t.isBefore(FIRST_TIME) || t.isAfter(LAST_TIME)) {
            throw new IllegalArgumentException("'" + field + "' is " + text + "; IoT Hub holds times from "
                    + FIRST_TIME + " to " + LAST_TIME);
        }
        return t;
    }

    // ---- parsing helpers -------------------------------------------------------------------------------------

    static JsonElement parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request has no JSON body");
        }
        try {
            return JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the request body is not valid JSON: " + e.getMessage(), e);
        }
    }

    static JsonObject parseObject(String body) {
        JsonElement e = parse(body);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    static Optional<String> string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return Optional.of(e.getAsString());
    }

    static Optional<Long> number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return Optional.of(e.getAsLong());
    }

    static Optional<JsonObject> object(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object");
        }
        return Optional.of(e.getAsJsonObject());
    }

    static PropertyTree tree(JsonObject o) {
        return PropertyTree.parse(GSON.toJson(o));
    }

    static JsonElement json(PropertyTree tree) {
        return JsonParser.parseString(tree.toJson());
    }

    /** Parses JSON text produced by the hub (method payloads); text that is not JSON is sent as a string. */
    static JsonElement jsonOrString(String text) {
        if (text == null) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return new JsonPrimitive(text);
        }
    }

    // ---- devices ---------------------------------------------------------------------------------------------

    /**
     * A device identity as sent in a PUT body or a bulk item, with the authentication object as given and the
     * {@code deviceScope} and {@code parentScopes} given (an object holding those of the two that were sent).
     */
    record DeviceInput(Device device, JsonObject authentication, JsonObject scopes) {
    }

    static DeviceInput parseDevice(JsonObject o, DeviceId id, String idField) {
        string(o, idField).ifPresent(given -> {
            if (!given.equals(id.value())) {
                throw new IllegalArgumentException("the body names device '" + given + "' but the path names '"
                        + id + "'");
            }
        });
        Device.Builder b = Device.builder(id);
        string(o, "status").ifPresent(s -> b.status(parseStatus(s)));
        string(o, "statusReason").ifPresent(b::statusReason);
        JsonObject auth = object(o, "authentication").orElseGet(JsonObject::new);
        string(auth, "type").ifPresent(t -> {
            AuthenticationType type = AuthenticationType.of(t);
            if (type.isUnknown()) {
                throw new IllegalArgumentException("authentication type '" + t + "' is not one of sas, selfSigned,"
                        + " certificateAuthority or none");
            }
            b.authenticationType(type);
        });
        object(o, "capabilities").flatMap(c -> Optional.ofNullable(c.get("iotEdge")))
                .filter(e -> !e.isJsonNull()).ifPresent(e -> b.iotEdge(e.getAsBoolean()));
        JsonObject scopes = new JsonObject();
        string(o, "deviceScope").filter(s -> !s.isEmpty()).ifPresent(s -> scopes.addProperty("deviceScope", s));
        JsonElement parents = o.get("parentScopes");
        if (parents != null && !parents.isJsonNull()) {
            if (!parents.isJsonArray()) {
                throw new IllegalArgumentException("'parentScopes' must be an array of strings");
            }
            JsonArray copy = new JsonArray();
            for (JsonElement p : parents.getAsJsonArray()) {
                if (!p.isJsonPrimitive() || !p.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException("'parentScopes' must be an array of strings");
                }
                copy.add(p.getAsString());
            }
            if (!copy.isEmpty()) {
                scopes.add("parentScopes", copy);
            }
        }
        return new DeviceInput(b.build(), auth, scopes);
    }

    static DeviceStatus parseStatus(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "enabled":
                return DeviceStatus.ENABLED;
            case "disabled":
                return DeviceStatus.DISABLED;
            default:
                throw new IllegalArgumentException("status '" + s + "' is neither 'enabled' nor 'disabled'");
        }
    }

    /**
     * The authentication object the hub answers with: the keys or thumbprints given, and for a SAS identity written
     * without keys, keys derived from the device id and a generation (stable, so repeated runs agree; a new
     * generation for each time the hub issues keys, so that new keys differ from the old ones).
     */
    static JsonObject authentication(Device d, JsonObject given, int generation) {
        JsonObject out = new JsonObject();
        AuthenticationType type = d.authenticationType();
        if (type == AuthenticationType.SAS) {
            JsonObject keys = new JsonObject();
            JsonObject givenKeys = given == null ? null : object(given, "symmetricKey").orElse(null);
            // a key left out, null or empty is generated by the hub (the Node.js SDK sends empty keys by default)
            Optional<String> primary = givenKeys == null ? Optional.empty()
                    : string(givenKeys, "primaryKey").filter(k -> !k.isBlank());
            Optional<String> secondary = givenKeys == null ? Optional.empty()
                    : string(givenKeys, "secondaryKey").filter(k -> !k.isBlank());
            keys.addProperty("primaryKey", primary.orElseGet(() -> derivedKey(d.id(), "primary", generation)));
            keys.addProperty("secondaryKey", secondary.orElseGet(() -> derivedKey(d.id(), "secondary", generation)));
            out.add("symmetricKey", keys);
        } else if (type == AuthenticationType.SELF_SIGNED && given != null) {
            object(given, "x509Thumbprint").ifPresent(t -> {
                JsonObject thumbs = new JsonObject();
                string(t, "primaryThumbprint").ifPresent(v -> thumbs.addProperty("primaryThumbprint", v));
                string(t, "secondaryThumbprint").ifPresent(v -> thumbs.addProperty("secondaryThumbprint", v));
                out.add("x509Thumbprint", thumbs);
            });
        }
        out.addProperty("type", type.wireName());
        return out;
    }

    /** A key for a SAS identity: SHA-256 of the id, which key, and (from the second issue on) the generation. */
    static String derivedKey(DeviceId id, String which, int generation) {
        String seed = "fleetops-emulator|" + which + "|" + (generation == 0 ? "" : generation + "|") + id.value();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A stable generation id per device id, in the hub's shape (18 digits). */
    static String generationId(DeviceId id) {
        long h = id.value().hashCode() & 0xffffffffL;
        return String.format(Locale.ROOT, "6380%014d", h);
    }

    /** The identity JSON of a device, with its authentication object and its scopes (none when null or empty). */
    static JsonObject device(Device d, JsonObject authentication, JsonObject scopes) {
        JsonObject o = new JsonObject();
        o.addProperty("deviceId", d.id().value());
        o.addProperty("generationId", generationId(d.id()));
        o.addProperty("etag", d.etag().value());
        o.addProperty("connectionState", connectionState(d.connectionState()));
        o.addProperty("status", d.status().wireName());
        o.addProperty("statusReason", d.statusReason());
        o.addProperty("connectionStateUpdatedTime", time(d.lastActivityTime()));
        o.addProperty("statusUpdatedTime", time(d.statusUpdatedTime()));
        o.addProperty("lastActivityTime", time(d.lastActivityTime()));
        o.addProperty("cloudToDeviceMessageCount", 0);
        o.add("authentication", authentication);
        JsonObject caps = new JsonObject();
        caps.addProperty("iotEdge", d.iotEdge());
        o.add("capabilities", caps);
        if (scopes != null) {
            scopes.entrySet().forEach(e -> o.add(e.getKey(), e.getValue().deepCopy()));
        }
        return o;
    }

    static String connectionState(ConnectionState s) {
        return s == ConnectionState.CONNECTED ? "Connected" : "Disconnected";
    }

    // ---- twins -----------------------------------------------------------------------------------------------

    static JsonObject twin(Twin t) {
        JsonObject o = json(t.toTree()).getAsJsonObject();
        // without thumbprints, the object is empty: the REST spec types them as strings, never null
        return o;
    }

    /** The tags and desired properties of a twin document sent as a patch, or as a job's {@code updateTwin}. */
    static TwinPatch twinPatch(JsonObject o) {
        PropertyTree tags = object(o, "tags").map(WireJson::tree).orElse(PropertyTree.empty());
        Optional<JsonObject> properties = object(o, "properties");
        PropertyTree desired = properties.flatMap(p -> object(p, "desired")).map(WireJson::tree)
                .orElse(PropertyTree.empty());
        if (properties.flatMap(p -> object(p, "reported")).filter(r -> r.size() > 0).isPresent()) {
            throw new IllegalArgumentException("reported properties belong to the device; a back end cannot write"
                    + " them");
        }
        return new TwinPatch(tags, desired);
    }

    static JsonObject updateTwin(TwinPatch patch) {
        JsonObject o = new JsonObject();
        o.addProperty("etag", "*");
        o.add("tags", json(patch.tags()));
        JsonObject props = new JsonObject();
        props.add("desired", json(patch.desired()));
        o.add("properties", props);
        return o;
    }

    // ---- configurations --------------------------------------------------------------------------------------

    static Configuration parseConfiguration(JsonObject o, String pathId) {
        string(o, "id").ifPresent(given -> {
            if (!given.equals(pathId)) {
                throw new IllegalArgumentException("the body names configuration '" + given + "' but the path names '"
                        + pathId + "'");
            }
        });
        Configuration.Builder b = Configuration.builder(pathId);
        string(o, "targetCondition").ifPresent(b::targetCondition);
        number(o, "priority").ifPresent(p -> b.priority(Math.toIntExact(p)));
        object(o, "labels").ifPresent(labels -> labels.entrySet().forEach(e -> b.label(e.getKey(),
                e.getValue().isJsonNull() ? "" : e.getValue().getAsString())));
        object(o, "content").ifPresent(content -> {
            for (String other : new String[] {"modulesContent", "moduleContent"}) {
                if (object(content, other).filter(m -> m.size() > 0).isPresent()) {
                    throw new IllegalArgumentException("content." + other + " is not supported by the emulator; only"
                            + " deviceContent is");
                }
            }
            object(content, "deviceContent").ifPresent(dc -> dc.entrySet().forEach(e -> b.content(e.getKey(),
                    PropertyTree.parse("{\"v\":" + GSON.toJson(e.getValue()) + "}").get("v").orElse(null))));
        });
        object(o, "metrics").flatMap(m -> object(m, "queries")).ifPresent(q -> q.entrySet()
                .forEach(e -> b.metric(e.getKey(), e.getValue().getAsString())));
        return b.build();
    }

    static JsonObject configuration(Configuration c) {
        JsonObject o = new JsonObject();
        o.addProperty("id", c.id());
        o.addProperty("schemaVersion", "1.0");
        JsonObject labels = new JsonObject();
        c.labels().forEach(labels::addProperty);
        o.add("labels", labels);
        JsonObject content = new JsonObject();
        JsonObject deviceContent = new JsonObject();
        c.deviceContent().forEach((path, value) -> deviceContent.add(path,
                json(PropertyTree.empty().with("v", value)).getAsJsonObject().get("v")));
        content.add("deviceContent", deviceContent);
        content.add("modulesContent", new JsonObject());
        content.add("moduleContent", new JsonObject());
        o.add("content", content);
        o.addProperty("targetCondition", c.targetCondition());
        o.addProperty("createdTimeUtc", time(c.createdTime()));
        o.addProperty("lastUpdatedTimeUtc", time(c.lastUpdatedTime()));
        o.addProperty("priority", c.priority());
        JsonObject system = new JsonObject();
        JsonObject systemResults = new JsonObject();
        c.systemMetrics().forEach(systemResults::addProperty);
        system.add("results", systemResults);
        JsonObject systemQueries = new JsonObject();
        String where = "*".equals(c.targetCondition().trim()) ? "" : " where " + c.targetCondition();
        systemQueries.addProperty("targetedCount", "select deviceId from devices" + where);
        systemQueries.addProperty("appliedCount", "select deviceId from devices where configurations.[["
                + c.id() + "]].status = 'Applied'");
        system.add("queries", systemQueries);
        o.add("systemMetrics", system);
        JsonObject metrics = new JsonObject();
        JsonObject results = new JsonObject();
        c.metricResults().forEach(results::addProperty);
        metrics.add("results", results);
        JsonObject queries = new JsonObject();
        c.metricQueries().forEach(queries::addProperty);
        metrics.add("queries", queries);
        o.add("metrics", metrics);
        o.addProperty("etag", c.etag().value());
        return o;
    }

    // ---- jobs and methods ------------------------------------------------------------------------------------

    static String jobStatus(JobStatus s) {
        return s.wireName();
    }

    static JsonObject job(ScheduledJob j) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", j.jobId());
        o.addProperty("queryCondition", j.queryCondition());
        o.addProperty("createdTime", time(j.createdTime()));
        o.addProperty("startTime", time(j.startTime()));
        j.endTime().ifPresent(e -> o.addProperty("endTime", time(e)));
        o.addProperty("maxExecutionTimeInSeconds", j.maxExecutionTime().getSeconds());
        o.addProperty("type", j.type().wireName());
        j.method().ifPresent(m -> o.add("cloudToDeviceMethod", cloudToDeviceMethod(m)));
        j.twinPatch().ifPresent(p -> o.add("updateTwin", updateTwin(p)));
        o.addProperty("status", jobStatus(j.status()));
        if (!j.failureReason().isEmpty()) {
            o.addProperty("failureReason", j.failureReason());
            o.addProperty("statusMessage", j.failureReason());
        }
        JobStatistics s = j.statistics();
        JsonObject stats = new JsonObject();
        stats.addProperty("deviceCount", s.deviceCount());
        stats.addProperty("failedCount", s.failedCount());
        stats.addProperty("succeededCount", s.succeededCount());
        stats.addProperty("runningCount", s.runningCount());
        stats.addProperty("pendingCount", s.pendingCount());
        o.add("deviceJobStatistics", stats);
        return o;
    }

    static JsonObject cloudToDeviceMethod(MethodInvocation m) {
        JsonObject o = new JsonObject();
        o.addProperty("methodName", m.methodName());
        o.add("payload", jsonOrString(m.payloadJson()));
        o.addProperty("responseTimeoutInSeconds", m.responseTimeout().getSeconds());
        o.addProperty("connectTimeoutInSeconds", m.connectTimeout().getSeconds());
        return o;
    }

    static MethodInvocation parseMethod(JsonObject o) {
        String name = string(o, "methodName")
                .orElseThrow(() -> new IllegalArgumentException("'methodName' is missing"));
        JsonElement payload = o.get("payload");
        String payloadJson = payload == null ? "null" : GSON.toJson(payload);
        long response = number(o, "responseTimeoutInSeconds").orElse(30L);
        long connect = number(o, "connectTimeoutInSeconds").orElse(0L);
        return new MethodInvocation(name, payloadJson, Duration.ofSeconds(response), Duration.ofSeconds(connect));
    }

    static JsonObject methodResult(MethodResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("status", r.status());
        o.add("payload", jsonOrString(r.payloadJson()));
        return o;
    }

    /**
     * Rows of {@code FROM devices.jobs} as the hub sends them: the embedded hub keeps a method outcome's payload as
     * JSON text, the hub sends it as JSON.
     */
    static JsonObject deviceJobRow(PropertyTree row) {
        JsonObject o = json(row).getAsJsonObject();
        JsonObject outcome = object(o, "outcome").orElse(null);
        JsonObject response = outcome == null ? null : object(outcome, "deviceMethodResponse").orElse(null);
        if (response != null && response.has("payload") && response.get("payload").isJsonPrimitive()) {
            response.add("payload", jsonOrString(response.get("payload").getAsString()));
        }
        return o;
    }

    static JsonArray array(Iterable<? extends JsonElement> items) {
        JsonArray a = new JsonArray();
        for (JsonElement e : items) {
            a.add(e);
        }
        return a;
    }

    static Map<String, String> stringMap(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.entrySet().forEach(e -> {
            if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().getAsString());
        });
        return out;
    }
}
