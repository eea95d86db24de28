package dev.fleetops.core.embedded;

import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.spi.ConfigurationService;
import dev.fleetops.core.spi.DeviceRegistry;
import dev.fleetops.core.spi.DirectMethodService;
import dev.fleetops.core.spi.HubBackend;
import dev.fleetops.core.spi.JobService;
import dev.fleetops.core.spi.QueryService;
import dev.fleetops.core.spi.TwinService;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An IoT hub in memory, with the semantics users can see on a real one: twin versions and ETags with 412 on a
 * mismatch, merge patches, paged queries with continuation tokens in IoT Hub's query language, configurations with
 * per-path priority and metrics, jobs that fan out at the hub's rate and report per device, direct methods to
 * simulated devices, and optionally the tier's throttles (429), injected faults and latency, and a query-index lag.
 *
 * <p>Background work (jobs, configuration passes, simulated devices) runs on the hub's clock whenever the hub is
 * called; with a {@link dev.fleetops.core.time.VirtualClock} and a {@link FleetSimulator}, time moves only when told to,
 * so long scenarios run in milliseconds and repeat exactly. The device-side methods ({@link #reportProperties},
 * {@link #setConnectionState}) stand for what devices do over MQTT and are not subject to service throttles.
 *
 * <p>Thread-safe. Build with {@link #builder()} or {@link #create()}.
 */
public final class EmbeddedHub implements HubBackend {

    private final HubCore core;
    private final EmbeddedRegistry registry;
    private final EmbeddedTwins twins;
    private final EmbeddedQueries queries;
    private final EmbeddedConfigurations configurations;
    private final EmbeddedJobs jobs;
    private final EmbeddedMethods methods;

    private EmbeddedHub(Builder b) {
        this.core = new HubCore(b.clock, b.tier, b.seed, b.maxDevices);
        this.registry = new EmbeddedRegistry(core);
        this.twins = new EmbeddedTwins(core);
        this.methods = new EmbeddedMethods(core);
        this.jobs = new EmbeddedJobs(core, methods);
        this.queries = new EmbeddedQueries(core, jobs);
        this.configurations = new EmbeddedConfigurations(core, queries);
        core.tickers.add(jobs);
        core.tickers.add(configurations);
        core.index.setLag(b.queryLag);
    }

    /**
     * Returns a hub on the system clock, without throttles, faults or query lag.
     *
     * @return a new empty hub
     */
    public static EmbeddedHub create() {
        return builder().build();
    }

    /**
     * Returns a builder.
     *
     * @return a builder with the defaults of {@link #create()} (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "embedded hub" + (core.tier == null ? "" : " (" + core.tier.sku() + " x" + core.tier.units() + ")");
    }

    @Override
    public DeviceRegistry registry() {
        return registry;
    }

    @Override
    public TwinService twins() {
        return twins;
    }

    @Override
    public QueryService queries() {
        return queries;
    }

    @Override
    public ConfigurationService configurations() {
        return configurations;
    }

    @Override
    public JobService jobs() {
        return jobs;
    }

    @Override
    public DirectMethodService methods() {
        return methods;
    }

    /**
     * Returns the fault injector, to add or clear faults while the hub runs.
     *
     * @return the injector (thread-safe)
     */
    public FaultInjector faults() {
        return core.faults;
    }

    /**
     * Returns what the hub has served so far.
     *
     * @return a snapshot of request, throttle and fault counts
     */
    public HubStatistics statistics() {
        return core.statistics();
    }

    /**
     * Returns the hub's clock.
     *
     * @return the clock given to the builder
     */
    public Clock clock() {
        return core.clock;
    }

    /**
     * Returns the tier whose throttles the hub enforces.
     *
     * @return the tier, or empty when unthrottled
     */
    public Optional<HubTier> tier() {
        return Optional.ofNullable(core.tier);
    }

    /**
     * Sets how long a change takes to become visible to queries (and to jobs, which select devices by query).
     * Reads by id always see the current twin. Zero turns the lag off.
     *
     * @param lag the lag on the hub's clock, zero or more; Microsoft says to tolerate up to 30 minutes
     */
    public void setQueryLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("query lag is negative: " + lag);
        }
        core.index.setLag(lag);
    }

    /**
     * Returns the query lag.
     *
     * @return the lag, zero when off
     */
    public Duration queryLag() {
        return core.index.lag();
    }

    /**
     * Registers a device with the given twin as it stands (versions included; the ETag is recomputed), or replaces
     * the one registered under that id. A module twin (non-empty {@link Twin#moduleId()}) is added to its device,
     * which must be registered, and is seen by {@code FROM devices.modules} queries; deleting the device deletes its
     * modules. For seeding a hub with a fleet or a snapshot; not throttled.
     *
     * @param twin the twin; tags, desired and reported are checked against IoT Hub's limits
     * @return the stored twin
     * @throws BadRequestException if the twin breaks a twin limit
     * @throws dev.fleetops.core.error.DeviceNotFoundException if a module twin's device is not registered
     */
    public Twin load(Twin twin) {
        if (twin.isModuleTwin()) {
            // under the device's family lock, so that a delete of the device cannot leave this module behind
            synchronized (core.family(twin.deviceId())) {
                core.record(twin.deviceId());
                return store(twin);
            }
        }
        return store(twin);
    }

    private Twin store(Twin twin) {
        HubCore.checkSection(twin.deviceId(), "tags", twin.tags());
        HubCore.checkSection(twin.deviceId(), "properties.desired", twin.desired());
        HubCore.checkSection(twin.deviceId(), "properties.reported", twin.reported());
        Twin.Builder b = twin.toBuilder().etag(DeviceRecord.twinEtag(twin.version()));
        if (twin.desiredMetadata().isEmpty()) {
            b.desiredMetadata(Metadata.fresh(twin.desired(), core.clock.instant(), twin.desiredVersion()));
        }
        if (twin.reportedMetadata().isEmpty()) {
            b.reportedMetadata(Metadata.fresh(twin.reported(), core.clock.instant(), twin.reportedVersion()));
        }
        Twin stored = b.build();
        String key = HubCore.key(stored);
        core.put(key, new DeviceRecord(stored, 1, ""));
        return stored;
    }

    /**
     * Applies a merge patch to a device's reported properties, as the device would over MQTT: the reported
     * {@code $version} and the twin version increment and the device counts as active now.
     *
     * @param id the device
     * @param patch the change; null values remove keys
     * @return the twin after the change
     * @throws dev.fleetops.core.error.DeviceNotFoundException if the device is not registered
     * @throws BadRequestException if the reported properties would break IoT Hub's limits
     */
    public Twin reportProperties(DeviceId id, PropertyTree patch) {
        Objects.requireNonNull(patch, "patch");
        return core.update(id, r -> {
            Twin t = r.twin();
            PropertyTree reported = t.reported().merge(patch);
            HubCore.checkSection(id, "properties.reported", reported);
            long version = t.version() + 1;
            Twin updated = t.toBuilder()
                    .reported(reported)
                    .reportedVersion(t.reportedVersion() + 1)
                    .reportedMetadata(Metadata.afterPatch(t.reportedMetadata(), patch, core.clock.instant(),
                            t.reportedVersion() + 1))
                    .version(version)
                    .etag(DeviceRecord.twinEtag(version))
                    .lastActivityTime(core.clock.instant())
                    .build();
            return new DeviceRecord(updated, r.identityVersion(), r.statusReason());
        }).twin();
    }

    /**
     * Sets a device's connection state, as the hub would when the device connects or disconnects; connecting
     * counts as activity.
     *
     * @param id the device
     * @param state the new state
     * @throws dev.fleetops.core.error.DeviceNotFoundException if the device is not registered
     */
    public void setConnectionState(DeviceId id, ConnectionState state) {
        core.update(id, r -> {
            Twin t = r.twin();
            if (t.connectionState() == state) {
                return r;
            }
            Twin.Builder b = t.toBuilder().connectionState(state);
            if (state == ConnectionState.CONNECTED) {
                b.lastActivityTime(core.clock.instant());
            }
            return new DeviceRecord(b.build(), r.identityVersion(), r.statusReason());
        });
    }

    /**
     * Runs the background work that is due on the hub's clock (jobs, configuration passes, simulated devices).
     * Every hub call does this first; call it to let time-driven work progress when nobody calls the hub.
     */
    public void runDueWork() {
        core.tickAll();
    }

    HubCore core() {
        return core;
    }

    EmbeddedMethods methodService() {
        return methods;
    }

    /** Builds {@link EmbeddedHub}s. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private HubTier tier;
        private Duration queryLag = Duration.ZERO;
        private long seed = 42;
        private long maxDevices = 1_000_000;

        private Builder() {
        }

        /**
         * Sets the hub's clock; pass a {@link dev.fleetops.core.time.VirtualClock} for simulations.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Enforces a tier's throttles: requests over the quota get 429, jobs run at the tier's per-device rate
         * and concurrency.
         *
         * @param tier the tier and units
         * @return this builder
         */
        public Builder tier(HubTier tier) {
            this.tier = Objects.requireNonNull(tier, "tier");
            return this;
        }

        /**
         * Sets the query-index lag (see {@link EmbeddedHub#setQueryLag(Duration)}).
         *
         * @param lag zero or more
         * @return this builder
         */
        public Builder queryLag(Duration lag) {
            if (lag.isNegative()) {
                throw new IllegalArgumentException("query lag is negative: " + lag);
            }
            this.queryLag = lag;
            return this;
        }

        /**
         * Seeds the random source of fault injection.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the most devices the hub holds (IoT Hub: 1,000,000 devices and modules).
         *
         * @param maxDevices at least 1
         * @return this builder
         */
        public Builder maxDevices(long maxDevices) {
            if (maxDevices < 1) {
                throw new IllegalArgumentException("maxDevices must be at least 1, not " + maxDevices);
            }
            this.maxDevices = maxDevices;
            return this;
        }

        /**
         * Builds the hub.
         *
         * @return a new empty hub
         */
        public EmbeddedHub build() {
            return new EmbeddedHub(this);
        }
    }
}
