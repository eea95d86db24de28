package dev.fleetops.testkit.emulator;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks recorded {@link Exchange}s against Microsoft's IoT Hub service spec (api-version 2021-04-12, vendored
 * unmodified as the test resource {@value #SPEC_RESOURCE}) with Atlassian's swagger-request-validator: every request
 * and every answer, whoever produced them (the Azure SDK, our own REST calls, the emulator).
 *
 * <p>The spec is not the whole truth about the wire: it types free-form twin values as objects, lacks fields the hub
 * returns, describes no error answers, and the Azure SDK sends fields and shapes the spec does not declare. Each
 * such gap is relaxed in one place, {@link Relaxation}, and nowhere else; the same list, with reasons, is in the test
 * resource {@code specs/RELAXATIONS.md}. Everything else the validator reports is a violation.
 *
 * <p>Use {@link #assertConforms(List)} in tests. Thread-safe: the validator is built once per JVM and then only read.
 */
public final class SpecConformance {

    /** Where the vendored spec is on the test class path. */
    public static final String SPEC_RESOURCE = "/specs/iothub-service-2021-04-12.json";

    /** The SHA-256 of the vendored spec, as recorded in {@code specs/README.md}. */
    public static final String SPEC_SHA256 = "455b5d987ddf8d109f917e0db76f6d0c1f2919124c8f96f2e7b99d8f412ab196";

    /**
     * Where the spec and the wire legitimately disagree, and how the check bends. The only relaxations there are;
     * each states its reason.
     */
    public enum Relaxation {
        /**
         * Free-form JSON values. The spec types twin tags, desired and reported property values, configuration
         * content values and direct-method payloads as {@code "type": "object"}, but on the wire they are any JSON
         * value (strings, numbers, booleans, arrays; {@code null} removes a key in a patch), as the spec's own text
         * and Microsoft's twin documentation say. Those schemas are replaced by "any value".
         */
        FREE_FORM_JSON_VALUES("twin tags/desired/reported, configuration content and method payload values are any"
                + " JSON value on the wire, not only objects"),
        /**
         * Twin fields missing from the 2021-04-12 spec. IoT Hub returns {@code modelId} (IoT Plug and Play) and
         * {@code configurations} (per-configuration status) in twins, and iot-service-client 2.1.9's
         * {@code TwinState} reads both; the spec's {@code Twin} lacks them. They are added to the schema.
         */
        TWIN_MODEL_ID_AND_CONFIGURATIONS("the hub returns twin fields modelId and configurations that the spec's"
                + " Twin lacks; the SDK reads both"),
        /**
         * Null members in request bodies. iot-service-client 2.1.9 serialises its {@code TwinState} with explicit
         * nulls for every unset field (deviceId, etag, version, status, ..., and TwinState names such as
         * generationId and statusUpdatedTime that the spec's Twin does not declare) in twin patches and in a
         * scheduleUpdateTwin job's {@code updateTwin}, and a job's unused {@code cloudToDeviceMethod} is null. The
         * hub ignores them. Null members are removed from request bodies before validation, except inside free-form
         * values, where null means "remove this key".
         */
        SDK_NULL_MEMBERS("the SDK sends explicit nulls (and unset TwinState fields) that the hub ignores"),
        /**
         * Read-only times without a zone. iot-service-client 2.1.9 echoes read-only times such as
         * {@code "0001-12-30T00:00:00"} (no zone designator) in device PUT bodies (statusUpdatedTime,
         * connectionStateUpdatedTime, lastActivityTime) and configuration PUT bodies (createdTimeUtc,
         * lastUpdatedTimeUtc). The hub ignores these fields on input. Date-time format findings on exactly those
         * fields of those requests are ignored.
         */
        SDK_READ_ONLY_TIMES_WITHOUT_ZONE("the SDK echoes read-only times without a zone in device and configuration"
                + " PUT bodies; the hub ignores them"),
        /**
         * Capitalised device status. iot-service-client 2.1.9 sends {@code "status":"Enabled"} / {@code "Disabled"}
         * in device PUT bodies; the spec's enum is lower case and the hub accepts both. The enum finding on
         * {@code /status} of a device PUT request is ignored when the value matches case-insensitively.
         */
        SDK_CAPITALISED_DEVICE_STATUS("the SDK sends device status capitalised; the hub accepts it"),
        /**
         * Query rows that are not twins. The spec says {@code POST /devices/query} answers an array of Twin, but
         * projections, aggregates and {@code devices.jobs} rows are other documents; IoT Hub marks them with
         * {@code x-ms-item-type} (raw, deviceJob). Only {@code twin} pages are checked against Twin; other pages are
         * checked to be arrays of objects.
         */
        QUERY_ROWS_NOT_TWINS("projection, aggregate and devices.jobs query rows are not Twin documents"),
        /**
         * The scheduled-job query answers an array. The spec says {@code GET /jobs/v2/query} answers a
         * {@code QueryResult} object (type, items, continuationToken); the hub answers a JSON array of jobs with the
         * continuation in the {@code x-ms-continuation} header, which is what iot-service-client 2.1.9 parses
         * ({@code JsonObject[]}). The response schema is replaced by an array of JobResponse.
         */
        JOB_QUERY_IS_ARRAY("GET /jobs/v2/query answers an array of jobs with x-ms-continuation, not a QueryResult"),
        /**
         * Error answers. The spec documents only success statuses. An answer with an error status and IoT Hub's
         * error body is checked against that shape instead ({@code Message} and {@code ExceptionMessage} strings,
         * the {@code iothub-errorcode} header, a status IoT Hub uses); its request is still checked against the
         * spec.
         */
        ERROR_ANSWERS_UNDOCUMENTED("the spec documents no error answers; they are checked against IoT Hub's error"
                + " shape"),
        /**
         * PATCH over POST. iot-service-client 2.1.9 sends twin patches as POST with
         * {@code X-HTTP-Method-Override: PATCH} because HttpURLConnection cannot send PATCH; the hub honours the
         * header. Such requests are checked as the PATCH the spec describes.
         */
        METHOD_OVERRIDE("the SDK sends PATCH as POST with X-HTTP-Method-Override; checked as PATCH"),
        /**
         * An empty object where no body belongs. iot-service-client 2.1.9 sends the body {@code {}} with
         * {@code POST /jobs/v2/{id}/cancel}, for which the spec declares no body; the hub ignores it. A body of
         * exactly {@code {}} on an operation without a body parameter is treated as absent.
         */
        SDK_EMPTY_OBJECT_BODY("the SDK sends {} with a job cancel, which takes no body; the hub ignores it");

        private final String reason;

        Relaxation(String reason) {
            this.reason = reason;
        }

        /**
         * Returns why the relaxation exists, in one line.
         *
         * @return the reason
         */
        public String reason() {
            return reason;
        }
    }

    /** Every relaxation, in one list. */
    public static final List<Relaxation> RELAXATIONS = List.of(Relaxation.values());

    /** Keys whose values are free-form JSON (null is meaningful inside them). */
    private static final Set<String> FREE_FORM_KEYS = Set.of("tags", "desired", "reported", "payload",
            "deviceContent", "moduleContent", "modulesContent");
    private static final Set<String> READ_ONLY_TIMES = Set.of("/statusUpdatedTime", "/connectionStateUpdatedTime",
            "/lastActivityTime", "/createdTimeUtc", "/lastUpdatedTimeUtc");
    private static final Set<String> BODILESS_ROUTES = Set.of("POST /jobs/v2/{id}/cancel");
    private static final Set<Integer> HUB_ERROR_STATUSES = Set.of(400, 401, 403, 404, 409, 412, 413, 429, 500, 502,
            503, 504);

    private static SpecConformance instance;

    private final OpenApiInteractionValidator validator;

    private SpecConformance(OpenAPI relaxedSpec) {
        this.validator = OpenApiInteractionValidator.createFor(relaxedSpec).build();
    }

    /**
     * Returns the checker, building it on first use (about a second).
     *
     * @return the shared checker
     * @throws IllegalStateException if the vendored spec is missing or altered
     */
    public static synchronized SpecConformance get() {
        if (instance == null) {
            instance = new SpecConformance(relaxModel(parse(relax(loadSpec()))));
        }
        return instance;
    }

    /**
     * Fails when any exchange breaks the spec (after the relaxations), with a report naming each exchange, what is
     * wrong where, and the bodies involved.
     *
     * @param exchanges the exchanges, e.g. {@link IotHubEmulator#exchanges()}
     * @throws AssertionError if one does not conform
     */
    public static void assertConforms(List<Exchange> exchanges) {
        List<String> report = get().check(exchanges);
        if (!report.isEmpty()) {
            throw new AssertionError("exchanges do not conform to the IoT Hub spec (api-version 2021-04-12):\n"
                    + String.join("\n", report));
        }
    }

    /**
     * Checks exchanges and returns a readable report, empty when all conform.
     *
     * @param exchanges the exchanges
     * @return one block of lines per non-conforming exchange
     */
    public List<String> check(List<Exchange> exchanges) {
        List<String> report = new ArrayList<>();
        for (Exchange e : exchanges) {
            List<String> problems = violations(e);
            if (!problems.isEmpty()) {
                StringBuilder sb = new StringBuilder(e.summary());
                for (String p : problems) {
                    sb.append("\n    - ").append(p);
                }
                if (!e.requestBody().isEmpty()) {
                    sb.append("\n    request body:  ").append(abbreviate(e.requestBody()));
                }
                if (!e.responseBody().isEmpty()) {
                    sb.append("\n    response body: ").append(abbreviate(e.responseBody()));
                }
                report.add(sb.toString());
            }
        }
        return report;
    }

    /**
     * Checks one exchange.
     *
     * @param e the exchange
     * @return what is wrong, one entry per finding; empty when it conforms
     */
    public List<String> violations(Exchange e) {
        List<String> out = new ArrayList<>();
        Request.Method method;
        try {
            method = Request.Method.valueOf(e.method()); // METHOD_OVERRIDE: the effective method
        } catch (IllegalArgumentException unknown) {
            return List.of("method " + e.method() + " is not an HTTP method the spec uses");
        }
        SimpleRequest.Builder rb = new SimpleRequest.Builder(method, encodePath(e.path()));
        e.query().forEach(rb::withQueryParam);
        e.requestHeaders().forEach(rb::withHeader);
        if (!e.requestBody().isEmpty() && !(BODILESS_ROUTES.contains(e.route())
                && "{}".equals(e.requestBody().replaceAll("\\s", "")))) { // SDK_EMPTY_OBJECT_BODY
            rb.withBody(withoutNullMembers(e.requestBody()));
        }
        SimpleRequest request = rb.build();
        if (!e.requestBody().isEmpty() && !e.requestHeader("Content-Type").orElse("").toLowerCase(Locale.ROOT)
                .startsWith("application/json")) {
            out.add("the request has a body but no Content-Type application/json, so the hub would not read it"
                    + " (and its body cannot be checked)");
        }

        boolean errorAnswer = e.status() >= 400 && isHubErrorBody(e.responseBody());
        ValidationReport report;
        if (e.connectionReset() || errorAnswer) {
            report = validator.validateRequest(request);
            if (errorAnswer) {
                out.addAll(errorShapeViolations(e));
            }
        } else {
            SimpleResponse.Builder sb = SimpleResponse.Builder.status(e.status());
            e.responseHeaders().forEach((k, v) -> sb.withHeader(k, v));
            if (!e.responseBody().isEmpty()) {
                sb.withBody(responseBodyToCheck(e, out));
            }
            report = validator.validate(request, sb.build());
        }
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR && !relaxed(e, m)) {
                out.add("[" + m.getKey() + "] " + m.getMessage().replace('\n', ' ').strip());
            }
        }
        return out;
    }

    // ---- relaxations applied to exchanges ---------------------------------------------------------------------

    private static boolean relaxed(Exchange e, ValidationReport.Message m) {
        String pointer = m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance).orElse("");
        boolean devicePut = "PUT".equals(e.method()) && e.route().equals("PUT /devices/{id}");
        boolean configurationPut = "PUT".equals(e.method()) && e.route().equals("PUT /configurations/{id}");
        if (m.getKey().equals("validation.request.body.schema.format.date-time") && (devicePut || configurationPut)
                && READ_ONLY_TIMES.contains(pointer)) {
            return true; // SDK_READ_ONLY_TIMES_WITHOUT_ZONE
        }
        if (m.getKey().equals("validation.request.body.schema.enum") && devicePut && pointer.equals("/status")) {
            // SDK_CAPITALISED_DEVICE_STATUS
            JsonElement status = parseOrNull(e.requestBody()) instanceof JsonObject
                    ? ((JsonObject) parseOrNull(e.requestBody())).get("status") : null;
            return status != null && status.isJsonPrimitive()
                    && Set.of("enabled", "disabled").contains(status.getAsString().toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /** SDK_NULL_MEMBERS: drops null members outside free-form values. */
    static String withoutNullMembers(String body) {
        JsonElement json = parseOrNull(body);
        if (json == null) {
            return body;
        }
        stripNulls(json);
        return WireJson.GSON.toJson(json);
    }

    private static void stripNulls(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String key : new ArrayList<>(o.keySet())) {
                JsonElement v = o.get(key);
                if (v.isJsonNull()) {
                    o.remove(key);
                } else if (!FREE_FORM_KEYS.contains(key)) {
                    stripNulls(v);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(SpecConformance::stripNulls);
        }
    }

    /** QUERY_ROWS_NOT_TWINS: pages of other rows are checked here and shown to the validator as empty. */
    private static String responseBodyToCheck(Exchange e, List<String> out) {
        if (!e.route().equals("POST /devices/query") || e.status() != 200
                || e.responseHeader("x-ms-item-type").orElse("").equalsIgnoreCase(HubDispatcher.ITEM_TWIN)) {
            return e.responseBody();
        }
        JsonElement body = parseOrNull(e.responseBody());
        if (!(body instanceof JsonArray)) {
            out.add("a " + e.responseHeader("x-ms-item-type").orElse("(no x-ms-item-type)")
                    + " query page is not a JSON array");
        } else {
            for (JsonElement row : body.getAsJsonArray()) {
                if (!row.isJsonObject()) {
                    out.add("a query row is not a JSON object: " + abbreviate(row.toString()));
                }
            }
        }
        return "[]";
    }

    /** ERROR_ANSWERS_UNDOCUMENTED: IoT Hub's error shape. */
    private static List<String> errorShapeViolations(Exchange e) {
        List<String> out = new ArrayList<>();
        if (!HUB_ERROR_STATUSES.contains(e.status())) {
            out.add("status " + e.status() + " is not one IoT Hub answers with");
        }
        JsonObject body = (JsonObject) parseOrNull(e.responseBody());
        for (String field : List.of("Message", "ExceptionMessage")) {
            JsonElement v = body.get(field);
            if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                out.add("error body has no string '" + field + "'");
            }
        }
        Optional<String> name = e.responseHeader("iothub-errorcode");
        if (name.isEmpty() || name.get().isBlank()) {
            out.add("error answer has no iothub-errorcode header");
        } else if (body.has("Message") && body.get("Message").isJsonPrimitive()) {
            String message = body.get("Message").getAsString();
            JsonElement inner = message.startsWith("{") ? parseOrNull(message) : null;
            boolean named = message.startsWith("ErrorCode:" + name.get() + ";");
            boolean numeric = inner instanceof JsonObject && ((JsonObject) inner).has("errorCode")
                    && ((JsonObject) inner).get("errorCode").isJsonPrimitive()
                    && ((JsonObject) inner).getAsJsonPrimitive("errorCode").isNumber();
            if (!named && !numeric) {
                out.add("error Message neither starts with 'ErrorCode:" + name.get() + ";' nor holds a JSON object"
                        + " with a numeric errorCode");
            }
        }
        return out;
    }

    private static boolean isHubErrorBody(String body) {
        JsonElement json = parseOrNull(body);
        return json instanceof JsonObject && (((JsonObject) json).has("Message")
                || ((JsonObject) json).has("ExceptionMessage"));
    }

    // ---- relaxations applied to the spec ----------------------------------------------------------------------

    static String relax(String specJson) {
        JsonObject spec = JsonParser.parseString(specJson).getAsJsonObject();
        JsonObject defs = spec.getAsJsonObject("definitions");
        // TWIN_MODEL_ID_AND_CONFIGURATIONS
        JsonObject modelId = new JsonObject();
        modelId.addProperty("type", "string");
        replaceProperty(defs, "Twin", "modelId", modelId);
        replaceProperty(defs, "Twin", "configurations", JsonParser.parseString("{\"type\":\"object\","
                + "\"additionalProperties\":{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\","
                + "\"enum\":[\"targeted\",\"applied\",\"Targeted\",\"Applied\"]}}}}").getAsJsonObject());
        // JOB_QUERY_IS_ARRAY
        JsonObject ok = spec.getAsJsonObject("paths").getAsJsonObject("/jobs/v2/query").getAsJsonObject("get")
                .getAsJsonObject("responses").getAsJsonObject("200");
        ok.add("schema", JsonParser.parseString("{\"type\":\"array\",\"items\":{\"$ref\":"
                + "\"#/definitions/JobResponse\"}}"));
        ok.add("headers", JsonParser.parseString("{\"x-ms-item-type\":{\"type\":\"string\"},"
                + "\"x-ms-continuation\":{\"type\":\"string\"}}"));
        return WireJson.GSON.toJson(spec);
    }

    /**
     * FREE_FORM_JSON_VALUES, applied to the parsed model: an untyped schema accepts any JSON value, but Swagger 2.0
     * cannot say "untyped" in a way that survives the conversion to OpenAPI 3 (an empty schema becomes an object).
     */
    @SuppressWarnings("rawtypes") // swagger-models exposes its schema map with a raw type
    static OpenAPI relaxModel(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        anyValues(schemas, "Twin", "tags");
        anyValues(schemas, "TwinProperties", "desired");
        anyValues(schemas, "TwinProperties", "reported");
        anyValues(schemas, "PropertyContainer", "desired");
        anyValues(schemas, "PropertyContainer", "reported");
        anyValues(schemas, "ExportImportDevice", "tags");
        anyValues(schemas, "ConfigurationContent", "deviceContent");
        anyValues(schemas, "ConfigurationContent", "moduleContent");
        Schema<?> modules = property(schemas, "ConfigurationContent", "modulesContent");
        if (modules.getAdditionalProperties() instanceof Schema) {
            ((Schema<?>) modules.getAdditionalProperties()).setAdditionalProperties(Boolean.TRUE);
        }
        anyValue(schemas, "CloudToDeviceMethod", "payload");
        anyValue(schemas, "CloudToDeviceMethodResult", "payload");
        return api;
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> property(Map<String, Schema> schemas, String definition, String property) {
        Schema<?> def = schemas.get(definition);
        Schema<?> p = def == null || def.getProperties() == null ? null : def.getProperties().get(property);
        if (p == null) {
            throw new IllegalStateException("the spec has no " + definition + "." + property + "; update the"
                    + " relaxations");
        }
        return p;
    }

    @SuppressWarnings("rawtypes")
    private static void anyValues(Map<String, Schema> schemas, String definition, String property) {
        property(schemas, definition, property).setAdditionalProperties(Boolean.TRUE);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void anyValue(Map<String, Schema> schemas, String definition, String property) {
        Schema<?> p = property(schemas, definition, property);
        Schema<Object> any = new Schema<>();
        any.setDescription(p.getDescription());
        any.setNullable(Boolean.TRUE);
        schemas.get(definition).getProperties().put(property, any);
    }

    static OpenAPI parse(String specJson) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(specJson, List.of(), options);
        if (result.getOpenAPI() == null) {
            throw new IllegalStateException("the IoT Hub spec does not parse: " + result.getMessages());
        }
        return result.getOpenAPI();
    }

    private static void replaceProperty(JsonObject defs, String definition, String property, JsonObject schema) {
        defs.getAsJsonObject(definition).getAsJsonObject("properties").add(property, schema);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static String loadSpec() {
        try (InputStream in = SpecConformance.class.getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SPEC_RESOURCE + " is not on the test class path");
            }
            byte[] bytes = in.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!sha.equals(SPEC_SHA256)) {
                throw new IllegalStateException(SPEC_RESOURCE + " has SHA-256 " + sha + ", not the vendored "
                        + SPEC_SHA256 + "; the spec must stay unmodified");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + SPEC_RESOURCE + ": " + e, e);
        }
    }

    private static String encodePath(String path) {
        try {
            return new URI(null, null, path, null).getRawPath();
        } catch (URISyntaxException e) {
            return path;
        }
    }

    private static JsonElement parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replace('\n', ' ');
        return flat.length() <= 600 ? flat : flat.substring(0, 600) + "... (" + flat.length() + " characters)";
    }

    /** The relaxations as a map from name to reason, for documentation checks. */
    static Map<String, String> relaxationReasons() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        RELAXATIONS.forEach(r -> out.put(r.name(), r.reason()));
        return out;
    }
}
