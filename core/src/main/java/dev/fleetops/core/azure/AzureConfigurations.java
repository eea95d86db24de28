package dev.fleetops.core.azure;

import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.spi.ConfigurationService;

import java.util.ArrayList;
import java.util.List;

/**
 * Automatic device management configurations: reads, lists and unconditional replaces over
 * {@code ConfigurationsClient} (sending the same whole configuration twice leaves the same configuration), creates,
 * deletes and guarded updates over the adapter's own REST calls. A create or delete must not go through the SDK:
 * its {@code HttpsURLConnection} sends a PUT or DELETE again by itself when the connection drops before the answer,
 * so the caller would get a conflict for the configuration it created, or {@code false} for the one it deleted,
 * without {@code FleetClient} seeing the lost answer. A guarded update needs the caller's ETag, which the SDK's
 * {@code replace} never sends (it sends {@code If-Match: *}). Target conditions and metric queries are validated
 * before any call. Thread-safe.
 */
final class AzureConfigurations implements ConfigurationService {

    private final AzureContext ctx;

    AzureConfigurations(AzureContext ctx) {
        this.ctx = ctx;
    }

    private static void validate(Configuration c) {
        if (!"*".equals(c.targetCondition().trim())) {
            CompiledCondition.of(c.targetCondition());
        }
        c.metricQueries().values().forEach(CompiledQuery::of);
    }

    @Override
    public Configuration create(Configuration configuration) {
        validate(configuration);
        // Over REST, never the SDK's create: HttpsURLConnection would re-send the PUT by itself after a dropped
        // connection and the caller would get a conflict for the configuration this call created.
        return put(configuration.toBuilder().etag(ETag.ANY).build(), null, "create");
    }

    @Override
    public Configuration get(String id) {
        if (HubRest.sdkCannotAddress(id)) {
            Target target = Target.configuration(id);
            HubRest.Response r = ctx.rest("GET", path(id), null, null, "get", target);
            return AzureContext.read("get", target, r.body(), json -> Wire.configuration(PropertyTree.parse(json)));
        }
        return ctx.sdk("get", Target.configuration(id), () -> Wire.configuration(ctx.configurations.get(id)));
    }

    @Override
    public Configuration update(Configuration configuration, ETag ifMatch) {
        validate(configuration);
        Target target = Target.configuration(configuration.id());
        if (ifMatch.isAny() && !HubRest.sdkCannotAddress(configuration.id())) {
            Configuration unconditional = configuration.toBuilder().etag(ETag.ANY).build();
            return ctx.sdk("update", target,
                    () -> Wire.configuration(ctx.configurations.replace(Wire.toSdk(unconditional))));
        }
        return put(configuration.toBuilder().etag(ifMatch).build(), ifMatch.value(), "update");
    }

    private Configuration put(Configuration c, String ifMatch, String operation) {
        Target target = Target.configuration(c.id());
        HubRest.Response r = ctx.rest("PUT", path(c.id()), Wire.configurationJson(c), ifMatch, operation, target);
        return AzureContext.read(operation, target, r.body(), json -> Wire.configuration(PropertyTree.parse(json)));
    }

    @Override
    public boolean delete(String id, ETag ifMatch) {
        Target target = Target.configuration(id);
        try {
            // Over REST, never the SDK's delete: HttpsURLConnection would re-send the DELETE by itself after a
            // dropped connection, find nothing and report false, while FleetClient never saw the lost answer.
            ctx.rest("DELETE", path(id), null, ifMatch.value(), "delete", target);
            return true;
        } catch (ConfigurationNotFoundException gone) {
            return false;
        }
    }

    @Override
    public List<Configuration> list(int top) {
        if (top < 1 || top > MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException("top is " + top + "; it must be 1 to " + MAX_CONFIGURATIONS);
        }
        return ctx.sdk("list configurations of", Target.registry(), () -> {
            List<Configuration> out = new ArrayList<>();
            for (com.microsoft.azure.sdk.iot.service.configurations.Configuration c : ctx.configurations.get(top)) {
                out.add(Wire.configuration(c));
            }
            return out;
        });
    }

    static String path(String id) {
        return "/configurations/" + HubRest.segment(id);
    }
}
