package dev.fleetops.core.azure;

import dev.fleetops.core.model.JobFilter;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.spi.JobService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scheduled jobs: scheduling over the adapter's own {@code PUT /jobs/v2/{id}} (see {@code schedule}), reads and
 * cancels over {@code ScheduledJobsClient} (a cancel sent twice leaves the job cancelled), listing over the adapter's
 * own {@code GET /jobs/v2/query} (one request per page, as for queries; see {@link AzureQueries}), and per-device
 * results over a {@code devices.jobs} query. Conditions are validated before any call. Thread-safe.
 */
final class AzureJobs implements JobService {

    private final AzureContext ctx;
    private final AzureQueries queries;

    AzureJobs(AzureContext ctx, AzureQueries queries) {
        this.ctx = ctx;
        this.queries = queries;
    }

    private static void check(String jobId, String condition, Duration maxExecutionTime) {
        ScheduledJob.checkId(jobId);
        if (maxExecutionTime.isNegative() || maxExecutionTime.isZero()) {
            throw new IllegalArgumentException("job '" + jobId + "': maxExecutionTime must be positive");
        }
        CompiledCondition.of(condition);
    }

    /** Whole seconds, rounded up: a job is never given less time than asked for. */
    private static long seconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    @Override
    public ScheduledJob scheduleTwinUpdate(String jobId, String queryCondition, TwinPatch patch, Instant startTime,
                                           Duration maxExecutionTime) {
        check(jobId, queryCondition, maxExecutionTime);
        // As the SDK sends it: the twin's ETag '*', tags and desired properties only when the patch has them.
        JsonObject updateTwin = new JsonObject();
        updateTwin.addProperty("etag", "*");
        if (!patch.tags().isEmpty()) {
            updateTwin.add("tags", Wire.json(patch.tags()));
        }
        if (!patch.desired().isEmpty()) {
            JsonObject properties = new JsonObject();
            properties.add("desired", Wire.json(patch.desired()));
            updateTwin.add("properties", properties);
        }
        JsonObject body = jobBody(jobId, JobType.TWIN_UPDATE, queryCondition, startTime, maxExecutionTime);
        body.add("updateTwin", updateTwin);
        return schedule(jobId, body);
    }

    @Override
    public ScheduledJob scheduleDirectMethod(String jobId, String queryCondition, MethodInvocation method,
                                             Instant startTime, Duration maxExecutionTime) {
        check(jobId, queryCondition, maxExecutionTime);
        JsonObject c2d = new JsonObject();
        c2d.addProperty("methodName", method.methodName());
        c2d.add("payload", payload(method.payloadJson()));
        c2d.addProperty("responseTimeoutInSeconds", seconds(method.responseTimeout()));
        c2d.addProperty("connectTimeoutInSeconds", seconds(method.connectTimeout()));
        JsonObject body = jobBody(jobId, JobType.DIRECT_METHOD, queryCondition, startTime, maxExecutionTime);
        body.add("cloudToDeviceMethod", c2d);
        return schedule(jobId, body);
    }

    private static JsonObject jobBody(String jobId, JobType type, String condition, Instant start, Duration max) {
        JsonObject body = new JsonObject();
        body.addProperty("jobId", jobId);
        body.addProperty("type", type.wireName());
        body.addProperty("queryCondition", condition);
        body.addProperty("startTime", start.toString());
        body.addProperty("maxExecutionTimeInSeconds", seconds(max));
        return body;
    }

    /**
     * Schedules a job with the adapter's own {@code PUT /jobs/v2/{id}}, never the SDK's: {@code HttpsURLConnection}
     * would send the PUT again by itself after a connection dropped before the answer, and the caller would get
     * {@code JobAlreadyExists} for its own job while {@code FleetClient} never learnt that an answer was lost (so it
     * could not take the existing job as the caller's). The answer is read with the SDK's own job parser, as for
     * every other job call.
     */
    private ScheduledJob schedule(String jobId, JsonObject body) {
        Target target = Target.job(jobId);
        HubRest.Response r = ctx.rest("PUT", path(jobId), body.toString(), null, "schedule", target);
        return AzureContext.read("schedule", target, r.body(),
                json -> job(json, target));
    }

    /** The id as the SDK should put it into a URL: it does not encode ids itself. */
    private static String sdkId(String jobId) {
        return HubRest.sdkCannotAddress(jobId) ? HubRest.segment(jobId) : jobId;
    }

    static String path(String jobId) {
        return "/jobs/v2/" + HubRest.segment(jobId);
    }

    /** The payload as a JSON element, which the SDK writes into the request as it is. */
    static JsonElement payload(String json) {
        return JsonParser.parseString(json);
    }

    private static ScheduledJob job(String json, Target target) {
        return Wire.job(json).orElseThrow(() -> new IllegalArgumentException(target.describe() + " is not a"
                + " twin-update or direct-method job"));
    }

    @Override
    public ScheduledJob get(String jobId) {
        // Over REST, as the hub wrote it: the SDK's job maps a status it does not know to null.
        Target target = Target.job(jobId);
        HubRest.Response r = ctx.rest("GET", path(jobId), null, null, "get", target);
        return AzureContext.read("get", target, r.body(), json -> job(json, target));
    }

    @Override
    public ScheduledJob cancel(String jobId) {
        Target target = Target.job(jobId);
        HubRest.Response r = ctx.rest("POST", path(jobId) + "/cancel", null, null, "cancel", target);
        return AzureContext.read("cancel", target, r.body(), json -> job(json, target));
    }

    @Override
    public QueryPage<ScheduledJob> list(JobFilter filter, PageRequest page) {
        // One GET /jobs/v2/query per call, as for queries (see AzureQueries): the page as the hub answered it.
        List<String> filters = new ArrayList<>();
        filter.type().ifPresent(t -> filters.add("jobType=" + Wire.toSdk(t)));
        filter.status().ifPresent(s -> filters.add("jobStatus=" + HubRest.segment(s.wireName())));
        String path = "/jobs/v2/query" + (filters.isEmpty() ? "" : "?" + String.join("&", filters));
        Target target = Target.registry();
        HubRest.Response r = ctx.rest("GET", path, null, null, "list jobs of", target,
                AzureQueries.pagingHeaders(page));
        QueryPage<Optional<ScheduledJob>> raw = AzureContext.read("list jobs of", target, r.body(),
                json -> AzureQueries.page(json, r,
                        Wire::job));
        List<ScheduledJob> items = new ArrayList<>();
        raw.items().forEach(j -> j.ifPresent(items::add));
        return QueryPage.of(items, raw.continuationToken().orElse(null));
    }

    /** A string literal of the query language: backslashes escaped first, then single quotes. */
    static String quoted(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public QueryPage<DeviceJobResult> deviceResults(String jobId, PageRequest page) {
        ScheduledJob.checkId(jobId);
        String query = "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = " + quoted(jobId);
        QueryPage<PropertyTree> rows = queries.rawPage(query, page, PropertyTree::parse, "read device results of",
                Target.job(jobId));
        if (rows.items().isEmpty() && page.continuationToken().isEmpty()) {
            // An unknown job has no rows either: tell it apart from a job that reached no device yet.
            get(jobId);
        }
        List<DeviceJobResult> out = AzureContext.read("read device results of", Target.job(jobId), "", ignored -> {
            List<DeviceJobResult> results = new ArrayList<>(rows.items().size());
            for (PropertyTree row : rows.items()) {
                results.add(Wire.deviceJobResult(row));
            }
            return results;
        });
        return QueryPage.of(out, rows.continuationToken().orElse(null));
    }
}
