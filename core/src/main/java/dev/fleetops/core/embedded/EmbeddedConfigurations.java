package dev.fleetops.core.embedded;

import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.spi.ConfigurationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Automatic device management in the embedded hub. A pass runs right after every change and then every five
 * minutes of hub time: for each twin, the configurations whose target condition matches compete path by path (the
 * higher priority wins; on a tie the one created last); a winner not yet applied writes its content into the
 * desired properties once, and the twin's {@code configurations.[[id]].status} becomes {@code Applied} for winners
 * and {@code Targeted} for the rest. Metrics are recomputed on each pass. Thread-safe.
 */
final class EmbeddedConfigurations implements ConfigurationService, Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConfigurations.class);

    private static final Duration PASS_INTERVAL = Duration.ofMinutes(5);

    private final HubCore core;
    private final EmbeddedQueries queries;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private long nextPass = NEVER;

    /** A stored configuration with what the hub computes for it. */
    private static final class Entry {
        Configuration config;
        final long sequence;
        CompiledCondition target;
        Map<String, CompiledQuery> metrics;
        long etagVersion;
        Map<String, Long> systemMetrics = Map.of("targetedCount", 0L, "appliedCount", 0L);
        Map<String, Long> metricResults = Map.of();

        Entry(Configuration config, long sequence) {
            this.config = config;
            this.sequence = sequence;
        }

        ETag etag() {
            return DeviceRecord.identityEtag(etagVersion);
        }

        Configuration view() {
            return config.toBuilder().etag(etag()).systemMetrics(systemMetrics).metricResults(metricResults).build();
        }
    }

    EmbeddedConfigurations(HubCore core, EmbeddedQueries queries) {
        this.core = core;
        this.queries = queries;
    }

    private static CompiledCondition compileTarget(String condition) {
        return "*".equals(condition.trim()) ? null : CompiledCondition.of(condition);
    }

    private Map<String, CompiledQuery> compileMetrics(Map<String, String> metricQueries) {
        Map<String, CompiledQuery> out = new LinkedHashMap<>();
        metricQueries.forEach((name, q) -> out.put(name, queries.compile(q)));
        return out;
    }

    @Override
    public Configuration create(Configuration configuration) {
        CompiledCondition target = compileTarget(configuration.targetCondition());
        Map<String, CompiledQuery> metrics = compileMetrics(configuration.metricQueries());
        return core.call(OperationClass.CONFIGURATIONS, 1, "create configuration " + configuration.id(), () -> {
            synchronized (this) {
                if (entries.containsKey(configuration.id())) {
                    throw new ConflictException("409001", "configuration '" + configuration.id() + "' exists already");
                }
                if (entries.size() >= MAX_CONFIGURATIONS) {
                    throw new QuotaExceededException("403004", "the hub holds its maximum of " + MAX_CONFIGURATIONS
                            + " configurations; '" + configuration.id() + "' was not created");
                }
                Instant now = core.clock.instant();
                Entry e = new Entry(configuration.toBuilder().createdTime(now).lastUpdatedTime(now)
                        .etag(ETag.ANY).systemMetrics(Map.of()).metricResults(Map.of()).build(), sequence.incrementAndGet());
                e.target = target;
                e.metrics = metrics;
                e.etagVersion = 1;
                entries.put(configuration.id(), e);
                nextPass = core.nowNanos();
                return e.view();
            }
        });
    }

    @Override
    public Configuration get(String id) {
        return core.call(OperationClass.CONFIGURATIONS, 1, "get configuration " + id, () -> {
            synchronized (this) {
                return find(id).view();
            }
        });
    }

    private Entry find(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new ConfigurationNotFoundException(id);
        }
        return e;
    }

    private static void checkEtag(Entry e, ETag ifMatch) {
        if (!ifMatch.isAny() && !ifMatch.equals(e.etag())) {
            throw new PreconditionFailedException("412001", "configuration '" + e.config.id()
                    + "' has changed: its ETag no longer matches the one given");
        }
    }

    @Override
    public Configuration update(Configuration configuration, ETag ifMatch) {
        CompiledCondition target = compileTarget(configuration.targetCondition());
        Map<String, CompiledQuery> metrics = compileMetrics(configuration.metricQueries());
        return core.call(OperationClass.CONFIGURATIONS, 1, "update configuration " + configuration.id(), () -> {
            synchronized (this) {
                Entry e = find(configuration.id());
                checkEtag(e, ifMatch);
                if (!e.config.deviceContent().equals(configuration.deviceContent())) {
                    throw new BadRequestException("400001", "configuration '" + configuration.id() + "': content"
                            + " cannot change after creation; only the target condition, priority, labels and"
                            + " metrics can");
                }
                e.config = new Configuration(e.config.id(), configuration.targetCondition(),
                        configuration.priority(), configuration.labels(), e.config.deviceContent(),
                        configuration.metricQueries(), Map.of(), Map.of(), ETag.ANY, e.config.createdTime(),
                        core.clock.instant());
                e.target = target;
                e.metrics = metrics;
                e.etagVersion++;
                nextPass = core.nowNanos();
                return e.view();
            }
        });
    }

    @Override
    public boolean delete(String id, ETag ifMatch) {
        return core.call(OperationClass.CONFIGURATIONS, 1, "delete configuration " + id, () -> {
            synchronized (this) {
                Entry e = entries.get(id);
                if (e == null) {
                    return false;
                }
                checkEtag(e, ifMatch);
                entries.remove(id);
                nextPass = core.nowNanos();
                return true;
            }
        });
    }

    @Override
    public List<Configuration> list(int top) {
        if (top < 1 || top > MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException("top is " + top + "; it must be 1 to " + MAX_CONFIGURATIONS);
        }
        return core.call(OperationClass.CONFIGURATIONS, 1, "list configurations", () -> {
            synchronized (this) {
                List<Configuration> out = new ArrayList<>();
                for (Entry e : entries.values()) {
                    if (out.size() == top) {
                        break;
                    }
                    out.add(e.view());
                }
                return out;
            }
        });
    }

    // ---- passes ------------------------------------------------------------------------------------------

    @Override
    public synchronized long nextDueNanos() {
        return nextPass;
    }

    @Override
    public void runDue(long nanos) {
        List<Entry> ranked;
        synchronized (this) {
            ranked = new ArrayList<>(entries.values());
            nextPass = ranked.isEmpty() ? NEVER : nanos + PASS_INTERVAL.toNanos();
        }
        ranked.sort(Comparator.comparingInt((Entry e) -> e.config.priority()).reversed()
                .thenComparing(Comparator.comparingLong((Entry e) -> e.sequence).reversed()));
        Map<String, long[]> counts = new HashMap<>();
        for (Entry e : ranked) {
            counts.put(e.config.id(), new long[2]);
        }
        for (String key : core.devices.keySet()) {
            DeviceRecord r = core.devices.get(key);
            if (r == null) {
                continue;
            }
            Twin t = r.twin();
            Plan plan = plan(t, ranked, counts);
            if (plan.changes(t)) {
                try {
                    core.update(t.deviceId(), cur -> apply(cur, ranked));
                } catch (DeviceNotFoundException gone) {
                    // deleted during the pass
                } catch (FleetServiceException refused) {
                    // the content would break this twin's limits: the hub skips the twin, the pass goes on
                    LOG.debug("configuration pass skipped device={}: {}", t.deviceId(), refused.getMessage());
                }
            }
        }
        synchronized (this) {
            for (Entry e : ranked) {
                long[] c = counts.get(e.config.id());
                e.systemMetrics = Map.of("targetedCount", c[0], "appliedCount", c[1]);
                Map<String, Long> results = new LinkedHashMap<>();
                e.metrics.forEach((name, q) -> results.put(name, queries.count(q)));
                e.metricResults = results;
            }
        }
    }

    /** What a pass decides for one twin: the new status map and the desired content to write. */
    private record Plan(Map<String, ConfigurationStatus> statuses, PropertyTree desired) {
        boolean changes(Twin t) {
            return !statuses.equals(t.configurations()) || !desired.equals(t.desired());
        }
    }

    private Plan plan(Twin t, List<Entry> ranked, Map<String, long[]> counts) {
        Map<String, ConfigurationStatus> statuses = new LinkedHashMap<>();
        PropertyTree desired = t.desired();
        List<String> claimed = new ArrayList<>();
        if (!t.isModuleTwin()) {
            for (Entry e : ranked) {
                if (e.target != null && !e.target.matches(t)) {
                    continue;
                }
                long[] c = counts.get(e.config.id());
                c[0]++;
                boolean wins = false;
                boolean applied = t.configurations().get(e.config.id()) == ConfigurationStatus.APPLIED;
                for (Map.Entry<String, Object> content : e.config.deviceContent().entrySet()) {
                    String path = content.getKey().substring(Configuration.DESIRED_PREFIX.length());
                    if (overlaps(claimed, path)) {
                        continue;
                    }
                    claimed.add(path);
                    wins = true;
                    if (!applied) {
                        // content replaces what is at its path; nulls inside it are not stored, as in any patch
                        desired = desired.without(path).merge(PropertyTree.empty().with(path, content.getValue()));
                    }
                }
                statuses.put(e.config.id(), wins ? ConfigurationStatus.APPLIED : ConfigurationStatus.TARGETED);
                if (wins) {
                    c[1]++;
                }
            }
        }
        return new Plan(statuses, desired);
    }

    /** Re-plans inside the atomic update, on the twin as it is then, with throw-away counts. */
    private DeviceRecord apply(DeviceRecord cur, List<Entry> ranked) {
        Twin t = cur.twin();
        Plan plan = plan(t, ranked, scratch(ranked));
        if (!plan.changes(t)) {
            return cur;
        }
        HubCore.checkSection(t.deviceId(), "properties.desired", plan.desired());
        boolean desiredChanged = !plan.desired().equals(t.desired());
        long version = t.version() + 1;
        long desiredVersion = desiredChanged ? t.desiredVersion() + 1 : t.desiredVersion();
        Twin updated = t.toBuilder()
                .desired(plan.desired())
                .desiredVersion(desiredVersion)
                .desiredMetadata(desiredChanged ? Metadata.afterChange(t.desiredMetadata(), t.desired(),
                        plan.desired(), core.clock.instant(), desiredVersion) : t.desiredMetadata())
                .configurations(plan.statuses())
                .version(version)
                .etag(DeviceRecord.twinEtag(version))
                .build();
        return new DeviceRecord(updated, cur.identityVersion(), cur.statusReason());
    }

    private static Map<String, long[]> scratch(List<Entry> ranked) {
        Map<String, long[]> m = new HashMap<>();
        for (Entry e : ranked) {
            m.put(e.config.id(), new long[2]);
        }
        return m;
    }

    private static boolean overlaps(List<String> claimed, String path) {
        for (String c : claimed) {
            if (c.equals(path) || c.startsWith(path + ".") || path.startsWith(c + ".")) {
                return true;
            }
        }
        return false;
    }
}
