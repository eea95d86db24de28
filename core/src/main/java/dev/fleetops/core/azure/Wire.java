package dev.fleetops.core.azure;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.AuthenticationType;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceJobStatus;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.JobStatistics;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between FleetOps' model and what travels to and from IoT Hub: the SDK's classes and the JSON of the REST
 * API. Nothing here reads or writes a key: device JSON that carries keys is only passed through. Stateless and
 * thread-safe.
 */
final class Wire {

    private Wire() {
    }

    // ---- time -----------------------------------------------------------------------------------------------

    /** Parses IoT Hub's times: ISO-8601 with or without offset or fraction; {@code 0001-01-01...} is never. */
    static Instant time(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return Device.NEVER;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("IoT Hub time '" + text + "' is not ISO-8601", e);
            }
        }
    }

    static Instant time(Date date) {
        return date == null ? Device.NEVER : date.toInstant();
    }

    // ---- devices --------------------------------------------------------------------------------------------

    /** A device from the identity JSON of {@code GET/PUT /devices/{id}}. */
    static Device device(PropertyTree t) {
        String id = t.getString("deviceId")
                .orElseThrow(() -> new IllegalArgumentException("device JSON has no 'deviceId'"));
        return Device.builder(DeviceId.of(id))
                .status(DeviceStatus.of(t.getString("status").orElse("enabled")))
                .statusReason(t.getString("statusReason").orElse(""))
                .authenticationType(t.getString("authentication.type").map(AuthenticationType::of)
                        .orElse(AuthenticationType.SAS))
                .connectionState(ConnectionState.of(t.getString("connectionState").orElse("Disconnected")))
                .lastActivityTime(time(t.getString("lastActivityTime").orElse(null)))
                .statusUpdatedTime(time(t.getString("statusUpdatedTime").orElse(null)))
                .modelId(t.getString("modelId").orElse(""))
                .iotEdge(t.getBoolean("capabilities.iotEdge").orElse(false))
                .etag(etag(t.getString("etag").orElse("")))
                .build();
    }

    /**
     * The identity JSON for {@code PUT /devices/{id}}: {@code current} (the device as the hub holds it, keys and all,
     * or null for a new device) with the fields FleetOps manages set from {@code d}. Keeping the current
     * authentication object keeps the device's keys or thumbprints; sending none would let the hub generate new ones.
     */
    static JsonObject deviceJson(Device d, JsonObject current) {
        JsonObject o = current == null ? new JsonObject() : current.deepCopy();
        o.addProperty("deviceId", d.id().value());
        o.addProperty("status", d.status().wireName());
        o.addProperty("statusReason", d.statusReason());
        JsonObject auth = o.has("authentication") && o.get("authentication").isJsonObject()
                ? o.getAsJsonObject("authentication") : null;
        String currentType = auth != null && auth.has("type") ? auth.get("type").getAsString() : null;
        if (auth == null || !d.authenticationType().wireName().equalsIgnoreCase(currentType)) {
            JsonObject fresh = new JsonObject();
            fresh.addProperty("type", d.authenticationType().wireName());
            o.add("authentication", fresh);
        }
        JsonObject caps = new JsonObject();
        caps.addProperty("iotEdge", d.iotEdge());
        o.add("capabilities", caps);
        return o;
    }

    // ---- twins ----------------------------------------------------------------------------------------------

    static Twin twin(String json) {
        return Twin.fromTree(PropertyTree.parse(json));
    }

    /** The body of a twin PATCH: only the sections the patch touches, so an empty part bumps no version. */
    static String twinPatchJson(TwinPatch patch) {
        StringBuilder sb = new StringBuilder("{");
        if (!patch.tags().isEmpty()) {
            sb.append("\"tags\":").append(patch.tags().toJson());
        }
        if (!patch.desired().isEmpty()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("\"properties\":{\"desired\":").append(patch.desired().toJson()).append('}');
        }
        return sb.append('}').toString();
    }

    private static PropertyTree tree(TwinCollection c) {
        if (c == null || c.isEmpty()) {
            return PropertyTree.empty();
        }
        return PropertyTree.parse(c.toJsonObject().toString()).without("$version").without("$metadata");
    }

    // ---- configurations -------------------------------------------------------------------------------------

    static Configuration configuration(com.microsoft.azure.sdk.iot.service.configurations.Configuration c) {
        Configuration.Builder b = Configuration.builder(c.getId())
                .targetCondition(c.getTargetCondition() == null || c.getTargetCondition().isBlank()
                        ? "*" : c.getTargetCondition())
                .priority(c.getPriority() == null ? 0 : c.getPriority())
                .etag(etag(c.getEtag()))
                .createdTime(time(c.getCreatedTimeUtc()))
                .lastUpdatedTime(time(c.getLastUpdatedTimeUtc()));
        if (c.getLabels() != null) {
            c.getLabels().forEach(b::label);
        }
        if (c.getContent() != null && c.getContent().getDeviceContent() != null) {
            c.getContent().getDeviceContent().forEach(b::content);
        }
        if (c.getMetrics() != null) {
            if (c.getMetrics().getQueries() != null) {
                c.getMetrics().getQueries().forEach(b::metric);
            }
            if (c.getMetrics().getResults() != null) {
                b.metricResults(c.getMetrics().getResults());
            }
        }
        if (c.getSystemMetrics() != null && c.getSystemMetrics().getResults() != null) {
            b.systemMetrics(c.getSystemMetrics().getResults());
        }
        return b.build();
    }

    static com.microsoft.azure.sdk.iot.service.configurations.Configuration toSdk(Configuration c) {
        com.microsoft.azure.sdk.iot.service.configurations.Configuration sdk =
                new com.microsoft.azure.sdk.iot.service.configurations.Configuration(c.id());
        sdk.setTargetCondition(c.targetCondition());
        sdk.setPriority(c.priority());
        sdk.setLabels(new HashMap<>(c.labels()));
        ConfigurationContent content = new ConfigurationContent();
        Map<String, Object> deviceContent = new LinkedHashMap<>();
        c.deviceContent().forEach((path, value) -> deviceContent.put(path, plain(value)));
        content.setDeviceContent(deviceContent);
        sdk.setContent(content);
        ConfigurationMetrics metrics = new ConfigurationMetrics();
        metrics.setQueries(new HashMap<>(c.metricQueries()));
        metrics.setResults(new HashMap<>());
        sdk.setMetrics(metrics);
        sdk.setEtag(c.etag().value());
        return sdk;
    }

    /** A configuration from the JSON of {@code GET/PUT /configurations/{id}}. */
    static Configuration configuration(PropertyTree t) {
        String id = t.getString("id").orElseThrow(() -> new IllegalArgumentException("configuration JSON has no id"));
        Configuration.Builder b = Configuration.builder(id)
                .targetCondition(t.getString("targetCondition").filter(s -> !s.isBlank()).orElse("*"))
                .priority(t.getLong("priority").map(Long::intValue).orElse(0))
                .etag(etag(t.getString("etag").orElse("")))
                .createdTime(time(t.getString("createdTimeUtc").orElse(null)))
                .lastUpdatedTime(time(t.getString("lastUpdatedTimeUtc").orElse(null)));
        t.getTree("labels").ifPresent(l -> l.forEach((k, v) -> b.label(k, String.valueOf(v))));
        t.getTree("content.deviceContent").ifPresent(c -> c.forEach(b::content));
        t.getTree("metrics.queries").ifPresent(q -> q.forEach((k, v) -> b.metric(k, String.valueOf(v))));
        t.getTree("metrics.results").ifPresent(r -> b.metricResults(longs(r)));
        t.getTree("systemMetrics.results").ifPresent(r -> b.systemMetrics(longs(r)));
        return b.build();
    }

    private static Map<String, Long> longs(PropertyTree t) {
        Map<String, Long> out = new LinkedHashMap<>();
        t.forEach((k, v) -> {
            if (v instanceof Number) {
                out.put(k, ((Number) v).longValue());
            }
        });
        return out;
    }

    /** The JSON of {@code PUT /configurations/{id}} (content included: the hub checks it did not change). */
    static String configurationJson(Configuration c) {
        JsonObject o = new JsonObject();
        o.addProperty("id", c.id());
        o.addProperty("schemaVersion", "1.0");
        JsonObject labels = new JsonObject();
        c.labels().forEach(labels::addProperty);
        o.add("labels", labels);
        JsonObject deviceContent = new JsonObject();
        c.deviceContent().forEach((path, value) -> deviceContent.add(path, json(value)));
        JsonObject content = new JsonObject();
        content.add("deviceContent", deviceContent);
        o.add("content", content);
        o.addProperty("targetCondition", c.targetCondition());
        o.addProperty("priority", c.priority());
        JsonObject queries = new JsonObject();
        c.metricQueries().forEach(queries::addProperty);
        JsonObject metrics = new JsonObject();
        metrics.add("queries", queries);
        metrics.add("results", new JsonObject());
        o.add("metrics", metrics);
        if (!c.etag().isAny()) {
            o.addProperty("etag", c.etag().value());
        }
        return o.toString();
    }

    // ---- jobs -----------------------------------------------------------------------------------------------

    static Optional<JobType> jobType(ScheduledJobType t) {
        if (t == ScheduledJobType.scheduleUpdateTwin) {
            return Optional.of(JobType.TWIN_UPDATE);
        }
        if (t == ScheduledJobType.scheduleDeviceMethod) {
            return Optional.of(JobType.DIRECT_METHOD);
        }
        return Optional.empty();
    }

    static ScheduledJobType toSdk(JobType t) {
        return t == JobType.TWIN_UPDATE ? ScheduledJobType.scheduleUpdateTwin : ScheduledJobType.scheduleDeviceMethod;
    }

    /**
     * A job from the hub's JSON, or empty when it is not a twin-update or direct-method job. The SDK's parser reads
     * the fields; the status is read from the JSON itself, since the SDK maps a status it does not know to null.
     *
     * @throws IllegalArgumentException if the hub's answer lacks what the job's type needs
     */
    static Optional<ScheduledJob> job(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        JsonElement rawType = o.get("type");
        if (rawType == null || !rawType.isJsonPrimitive() || !(rawType.getAsString().equals(JobType.TWIN_UPDATE
                .wireName()) || rawType.getAsString().equals(JobType.DIRECT_METHOD.wireName()))) {
            return Optional.empty(); // an import, export or a type added later: not one of ours, and never a failure
        }
        // The SDK's parser throws on a status it does not know (an enum lookup): it reads the rest, the status is
        // read here, kept as the hub wrote it.
        JsonElement rawStatus = o.remove("status");
        o.addProperty("status", "unknown");
        com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob j = new com.microsoft.azure.sdk.iot.service.jobs
                .ScheduledJob(o.toString());
        Optional<JobType> type = jobType(j.getJobType());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Optional<TwinPatch> patch = Optional.empty();
        Optional<MethodInvocation> method = Optional.empty();
        if (type.get() == JobType.TWIN_UPDATE) {
            com.microsoft.azure.sdk.iot.service.twin.Twin t = j.getUpdateTwin();
            if (t == null) {
                throw new IllegalArgumentException("twin-update job '" + j.getJobId() + "' came without its updateTwin");
            }
            patch = Optional.of(new TwinPatch(tree(t.getTags()), tree(t.getDesiredProperties())));
        } else {
            method = Optional.of(method(j.getJobId(), j.getCloudToDeviceMethod()));
        }
        Instant created = time(j.getCreatedTime());
        Instant start = j.getStartTime() == null ? created : time(j.getStartTime());
        Instant end = time(j.getEndTime());
        com.microsoft.azure.sdk.iot.service.jobs.JobStatistics s = j.getJobStatistics();
        JobStatistics statistics = s == null ? JobStatistics.NONE : new JobStatistics(s.getDeviceCount(),
                s.getFailedCount(), s.getSucceededCount(), s.getRunningCount(), s.getPendingCount());
        Long max = j.getMaxExecutionTimeInSeconds();
        return Optional.of(new ScheduledJob(
                j.getJobId(),
                type.get(),
                j.getQueryCondition() == null ? "" : j.getQueryCondition(),
                rawStatus == null || !rawStatus.isJsonPrimitive() ? JobStatus.QUEUED
                        : JobStatus.of(rawStatus.getAsString()),
                created,
                start,
                end.equals(Device.NEVER) ? Optional.empty() : Optional.of(end),
                Duration.ofSeconds(max == null ? 0 : max),
                statistics,
                j.getFailureReason() == null ? "" : j.getFailureReason(),
                patch,
                method));
    }

    /** A method invocation from a job's {@code cloudToDeviceMethod} JSON; timeouts are clamped to IoT Hub's range. */
    static MethodInvocation method(String jobId, String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("direct-method job '" + jobId + "' came without its cloudToDeviceMethod");
        }
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String name = o.has("methodName") ? o.get("methodName").getAsString() : "";
        if (name.isEmpty()) {
            throw new IllegalArgumentException("direct-method job '" + jobId + "' has no method name");
        }
        JsonElement payload = o.get("payload");
        long response = o.has("responseTimeoutInSeconds") ? o.get("responseTimeoutInSeconds").getAsLong() : 30;
        long connect = o.has("connectTimeoutInSeconds") ? o.get("connectTimeoutInSeconds").getAsLong() : 0;
        return new MethodInvocation(name, normalisedJson(payload),
                Duration.ofSeconds(Math.max(5, Math.min(300, response))),
                Duration.ofSeconds(Math.max(0, Math.min(300, connect))));
    }

    /** A row of {@code SELECT * FROM devices.jobs}. */
    static DeviceJobResult deviceJobResult(PropertyTree row) {
        String deviceId = row.getString("deviceId")
                .orElseThrow(() -> new IllegalArgumentException("devices.jobs row has no deviceId"));
        String jobId = row.getString("jobId").orElse("");
        JobType type = "scheduleDeviceMethod".equals(row.getString("jobType").orElse(""))
                ? JobType.DIRECT_METHOD : JobType.TWIN_UPDATE;
        DeviceJobStatus status = deviceJobStatus(row.getString("status").orElse("pending"));
        Instant created = time(row.getString("createdDateTimeUtc").or(() -> row.getString("createdTimeUtc"))
                .orElse(null));
        Instant updated = time(row.getString("lastUpdatedDateTimeUtc").orElse(null));
        Optional<MethodResult> outcome = row.getTree("outcome.deviceMethodResponse").map(r -> new MethodResult(
                r.getLong("status").map(Long::intValue).orElse(0),
                r.get("payload").map(Wire::payloadJson).orElse("null")));
        String error = row.getString("error.description").or(() -> row.getString("error.code")).orElse("");
        return new DeviceJobResult(DeviceId.of(deviceId), jobId, type, status, created, updated, outcome, error);
    }

    /**
     * A payload as JSON text. IoT Hub returns the device's JSON payload as JSON; a string value is itself JSON text
     * when the device answered with a JSON string.
     */
    private static String payloadJson(Object value) {
        if (value instanceof PropertyTree) {
            return ((PropertyTree) value).toJson();
        }
        return json(value).toString();
    }

    static DeviceJobStatus deviceJobStatus(String s) {
        return DeviceJobStatus.of(s);
    }

    // ---- JSON values ----------------------------------------------------------------------------------------

    /**
     * JSON text of a gson element with integral numbers written as integers: the SDK parses payloads with gson's
     * default number policy, which turns {@code 5} into {@code 5.0}.
     */
    static String normalisedJson(JsonElement e) {
        return e == null ? "null" : normalise(e).toString();
    }

    private static JsonElement normalise(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            e.getAsJsonObject().entrySet().forEach(en -> out.add(en.getKey(), normalise(en.getValue())));
            return out;
        }
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            e.getAsJsonArray().forEach(x -> out.add(normalise(x)));
            return out;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15 && e.getAsString().matches(
                    "-?\\d+(\\.0+)?([eE][+-]?\\d+)?")) {
                return new com.google.gson.JsonPrimitive((long) d);
            }
        }
        return e;
    }

    /** A property-tree value as a gson element. */
    /** The hub's ETag for a value it sent: {@link ETag#ANY} when it sent none. */
    static ETag etag(String value) {
        return value == null ? ETag.ANY : ETag.of(value);
    }

    static JsonElement json(Object value) {
        if (value == null || value == dev.fleetops.core.model.JsonNull.INSTANCE) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof PropertyTree) {
            return JsonParser.parseString(((PropertyTree) value).toJson());
        }
        if (value instanceof java.util.List) {
            JsonArray a = new JsonArray();
            for (Object o : (java.util.List<?>) value) {
                a.add(json(o));
            }
            return a;
        }
        if (value instanceof String) {
            return new com.google.gson.JsonPrimitive((String) value);
        }
        if (value instanceof Boolean) {
            return new com.google.gson.JsonPrimitive((Boolean) value);
        }
        if (value instanceof Number) {
            return new com.google.gson.JsonPrimitive((Number) value);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /** A property-tree value as plain Java (maps, lists, strings, numbers, booleans, null) for the SDK. */
    static Object plain(Object value) {
        if (value instanceof PropertyTree) {
            return ((PropertyTree) value).toMap();
        }
        if (value == dev.fleetops.core.model.JsonNull.INSTANCE) {
            return null;
        }
        if (value instanceof java.util.List) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) value) {
                out.add(plain(o));
            }
            return out;
        }
        return value;
    }
}
