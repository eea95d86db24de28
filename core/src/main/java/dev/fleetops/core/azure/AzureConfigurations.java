package dev.fleetops.core.azure;

import dev.fleetops.core.ConfigurationNotFoundException;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.query.internal.CompiledCondition;
import dev.fleetops.core.query.internal.CompiledQuery;
import dev.fleetops.core.spi.ConfigurationService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Automatic device management configurations over {@code ConfigurationsClient}, with a REST {@code PUT} for an
 * update guarded by the caller's ETag (the SDK's {@code replace} always sends {@code If-Match: *}). Target conditions
 * and metric queries are validated before any call. Thread-safe.
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
        Configuration fresh = configuration.toBuilder().etag("").build();
        return ctx.sdk("create", Target.configuration(configuration.id()),
                () -> Wire.configuration(ctx.configurations.create(Wire.toSdk(fresh))));
    }

    @Override
    public Configuration get(String id) {
        return ctx.sdk("get", Target.configuration(id), () -> Wire.configuration(ctx.configurations.get(id)));
    }

    @Override
    public Configuration update(Configuration configuration, Optional<String> ifMatch) {
        validate(configuration);
        Target target = Target.configuration(configuration.id());
        if (ifMatch.isEmpty() || ifMatch.get().equals("*")) {
            Configuration unconditional = configuration.toBuilder().etag("*").build();
            return ctx.sdk("update", target,
                    () -> Wire.configuration(ctx.configurations.replace(Wire.toSdk(unconditional))));
        }
        String body = Wire.configurationJson(configuration.toBuilder().etag(ifMatch.get()).build());
        HubRest.Response r = ctx.rest("PUT", path(configuration.id()), body, ifMatch.get(), "update", target);
        return AzureContext.read("update", target, r.body(), json -> Wire.configuration(PropertyTree.parse(json)));
    }

    @Override
    public boolean delete(String id, Optional<String> ifMatch) {
        Target target = Target.configuration(id);
        try {
            ctx.sdk("delete", target, () -> {
                if (ifMatch.isEmpty()) {
                    ctx.configurations.delete(id);
                } else {
                    // delete(Configuration) sends the configuration's own ETag as If-Match
                    com.microsoft.azure.sdk.iot.service.configurations.Configuration guarded =
                            new com.microsoft.azure.sdk.iot.service.configurations.Configuration(id);
                    guarded.setEtag(ifMatch.get());
                    ctx.configurations.delete(guarded);
                }
                return null;
            });
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
