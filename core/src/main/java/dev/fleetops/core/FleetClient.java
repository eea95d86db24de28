package dev.fleetops.core;

import dev.fleetops.core.call.AuditSink;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.ClientStatistics;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.CallListener;
import dev.fleetops.core.call.CallOptions;
import dev.fleetops.core.internal.CallPolicy;
import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.internal.Gatekeeper;
import dev.fleetops.core.internal.Pacer;
import dev.fleetops.core.internal.Sleeper;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.spi.HubBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point to an IoT hub: the hub SPI's services with retries, client-side pacing, authorization, audit and
 * call statistics around every call.
 *
 * <pre>{@code
 * FleetClient client = FleetClient.builder()
 *         .hub(hub)
 *         .tier(HubTier.s1(1))                  // pace each operation class at the S1 quota
 *         .authorizer(Authorizer.roleBased())
 *         .build();
 * Twin twin = client.as(Operator.of("alice", Role.OPERATOR)).twins()
 *         .patch(DeviceId.of("sensor-17"), TwinPatch.builder().desired("firmware.version", "2.1").build());
 * }</pre>
 *
 * <p><b>The call policy.</b> Each call declares its operation class and whether it is safe to repeat. A throttled
 * call (429) is always retried, waiting at least the hub's {@code Retry-After}; after a 5xx answer or a broken
 * connection only idempotent and ETag-guarded calls are retried, since the hub may have applied the first attempt.
 * Unconditional twin patches are made exactly-once by re-reading the twin (see {@link Twins#patch(
 * dev.fleetops.core.model.DeviceId, dev.fleetops.core.model.TwinPatch)}). Waits use the configured clock: on a
 * {@link VirtualClock} they advance it instead of blocking, so simulations and tests run without sleeping.
 *
 * <p><b>Pacing.</b> With {@link Builder#tier(HubTier)} set, every attempt of IoT Hub's operation classes first
 * waits until sending it keeps the class within the tier's quota (times {@link Builder#pacingShare(double)}) in
 * every window of the quota's length, so a large operation runs at the quota rather than into it; classes that
 * modules define with a quota of their own ({@link OperationClass#of(String, Quota)}) are paced to it always, and
 * {@link Builder#quota(OperationClass, Quota)} overrides either. Under continuous demand a class runs at its quota;
 * after idle time a window's worth may go at once, and a new client starts at the steady rate. A 429 seen by any
 * thread slows the whole class (no burst, and nothing before the hub's {@code Retry-After}). Waits use a monotonic
 * clock. Bulk registry calls take one permit per device.
 *
 * <p><b>Operators and audit.</b> Every call acts as an {@link Operator} (the builder's, or the one given to
 * {@link #as(Operator)}), is checked by the {@link Authorizer} before anything is sent, and, when it changes
 * something or is denied, is recorded by the {@link AuditSink}. Successful and failed reads are not audited.
 *
 * <p>Immutable and thread-safe; no public constructor. The client does not own the backend: close the
 * {@link HubBackend} yourself when you are done with it.
 */
public final class FleetClient {

    private static final Logger LOG = LoggerFactory.getLogger(FleetClient.class);

    private final ClientCore core;
    private final Caller caller;
    private final Devices devices;
    private final Twins twins;
    private final Queries queries;
    private final Configurations configurations;
    private final Jobs jobs;
    private final Methods methods;
    private final Calls calls;

    private FleetClient(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
        this.devices = new Devices(core, caller);
        this.twins = new Twins(core, caller);
        this.queries = new Queries(core, caller);
        this.configurations = new Configurations(core, caller);
        this.jobs = new Jobs(core, caller);
        this.methods = new Methods(core, caller);
        this.calls = new Calls(core, caller);
    }

    static FleetClient view(ClientCore core, Caller caller) {
        return new FleetClient(core, caller);
    }

    /**
     * Returns a new builder.
     *
     * @return a builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a view of this client that acts as another operator. The view shares everything else with this
     * client: backend, pacing, retries, statistics, authorizer and audit sink. Cheap; make one per request if you
     * like.
     *
     * @param operator who acts
     * @return the view
     */
    public FleetClient as(Operator operator) {
        Objects.requireNonNull(operator, "operator");
        return operator.equals(caller.operator()) ? this : new FleetClient(core, caller.withOperator(operator));
    }

    /**
     * Returns a view of this client whose calls all carry an audit context: its correlation id and attributes
     * appear in every audit record, log line and call event of those calls. The view shares everything else with
     * this client. Cheap.
     *
     * @param context the context, for example {@code AuditContext.of(requestId).with("rollout", "r-17")}
     * @return the view
     */
    public FleetClient with(AuditContext context) {
        Objects.requireNonNull(context, "context");
        return new FleetClient(core, caller.withContext(context));
    }

    /**
     * Returns a view of this client whose calls run with other bounds (deadline, attempt timeout, maximum pacing
     * wait). The view shares everything else with this client. Cheap.
     *
     * @param options the bounds
     * @return the view
     */
    public FleetClient with(CallOptions options) {
        Objects.requireNonNull(options, "options");
        return new FleetClient(core, caller.withOptions(options));
    }

    /**
     * Returns the operator this client acts as.
     *
     * @return the operator
     */
    public Operator operator() {
        return caller.operator();
    }

    /**
     * Returns the audit context this view's calls carry.
     *
     * @return the context, or empty when each call gets a correlation id of its own
     */
    public Optional<AuditContext> auditContext() {
        return Optional.ofNullable(caller.context());
    }

    /**
     * Returns the bounds this view's calls run with.
     *
     * @return the options
     */
    public CallOptions callOptions() {
        return caller.options();
    }

    /**
     * Returns the seam through which other modules run their own operations and remote calls under this client's
     * policy: authorization, audit, pacing, retries, bounds, statistics and the call listener.
     *
     * @return the calls of this view
     */
    public Calls calls() {
        return calls;
    }

    /**
     * Returns the identity registry.
     *
     * @return the devices façade
     */
    public Devices devices() {
        return devices;
    }

    /**
     * Returns the device twins.
     *
     * @return the twins façade
     */
    public Twins twins() {
        return twins;
    }

    /**
     * Returns the queries.
     *
     * @return the queries façade
     */
    public Queries queries() {
        return queries;
    }

    /**
     * Returns the automatic device management configurations.
     *
     * @return the configurations façade
     */
    public Configurations configurations() {
        return configurations;
    }

    /**
     * Returns the scheduled jobs.
     *
     * @return the jobs façade
     */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * Returns the direct methods.
     *
     * @return the methods façade
     */
    public Methods methods() {
        return methods;
    }

    /**
     * Returns what this client and all its views have spent so far: calls, attempts, retries, absorbed 429s,
     * failures, and time waited for pacing and backoff, per operation class and in total.
     *
     * @return a snapshot
     */
    public ClientStatistics statistics() {
        return core.policy.statistics();
    }

    /**
     * Returns the clock the client waits and timestamps on.
     *
     * @return the clock
     */
    public Clock clock() {
        return core.policy.sleeper().clock();
    }

    /**
     * Returns the hub tier the client paces for.
     *
     * @return the tier, or empty when the client does not pace
     */
    public Optional<HubTier> tier() {
        return core.tier;
    }

    /**
     * Returns the retry policy.
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return core.policy.retryPolicy();
    }

    /** Returns the backend's description and the acting operator, for logs; never a secret. */
    @Override
    public String toString() {
        return "FleetClient[hub=" + core.hub.describe() + ", operator=" + caller.operator().name()
                + core.tier.map(t -> ", tier=" + t.sku() + "x" + t.units()).orElse("") + "]";
    }

    /**
     * Builds {@link FleetClient}s. Only {@link #hub(HubBackend)} is required. Not thread-safe; a builder may be
     * reused, each {@link #build()} returning an independent client with its own pacing and statistics.
     */
    public static final class Builder {
        private HubBackend hub;
        private HubTier tier;
        private Double pacingShare;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Authorizer authorizer = Authorizer.allowAll();
        private AuditSink auditSink = AuditSink.slf4j();
        private Operator operator = Operator.system();
        private CallOptions callOptions = CallOptions.defaults();
        private final List<CallListener> listeners = new ArrayList<>();
        private final Map<OperationClass, Quota> quotas = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets the hub backend (required).
         *
         * @param hub the backend, for example the embedded hub or the Azure adapter
         * @return this builder
         */
        public Builder hub(HubBackend hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
            return this;
        }

        /**
         * Turns on client-side pacing at this hub tier's quotas, per operation class. Without a tier, calls are not
         * paced (the hub's 429s are still absorbed by retries).
         *
         * @param tier the hub's tier and units
         * @return this builder
         */
        public Builder tier(HubTier tier) {
            this.tier = Objects.requireNonNull(tier, "tier");
            return this;
        }

        /**
         * Paces one operation class to a quota, overriding the class's own quota and the tier's. Use it for a
         * module's class whose service quota differs from the class's default (a DPS instance with a raised
         * limit), or to pace one of IoT Hub's classes without a tier.
         *
         * @param operationClass the class
         * @param quota the quota for this client (times {@link #pacingShare(double)} when a share is set)
         * @return this builder
         */
        public Builder quota(OperationClass operationClass, Quota quota) {
            quotas.put(Objects.requireNonNull(operationClass, "operationClass"), Objects.requireNonNull(quota,
                    "quota"));
            return this;
        }

        /**
         * Sets the fraction of each quota this client may use, for when several clients share one hub. Needs
         * {@link #tier(HubTier)}. The default is 1.0.
         *
         * @param share above 0 and at most 1
         * @return this builder
         * @throws IllegalArgumentException if the share is out of range
         */
        public Builder pacingShare(double share) {
            if (!(share > 0.0 && share <= 1.0)) {
                throw new IllegalArgumentException("pacingShare is " + share + "; it must be above 0 and at most 1");
            }
            this.pacingShare = share;
            return this;
        }

        /**
         * Sets how calls are retried. The default is {@link RetryPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the clock for pacing, backoff and audit times. With a {@link VirtualClock}, waits advance the clock
         * instead of blocking the thread. The default is {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets who may do what. The default is {@link Authorizer#allowAll()}.
         *
         * @param authorizer the authorizer
         * @return this builder
         */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * Sets where audit records go. The default is {@link AuditSink#slf4j()}.
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Sets the operator the client acts as by default. The default is {@link Operator#system()}.
         *
         * @param operator the operator
         * @return this builder
         */
        public Builder operator(Operator operator) {
            this.operator = Objects.requireNonNull(operator, "operator");
            return this;
        }

        /**
         * Sets the default bounds of every call: deadline, attempt timeout and maximum pacing wait. The default is
         * {@link CallOptions#defaults()}; override them for some calls with {@link FleetClient#with(CallOptions)}.
         *
         * @param options the bounds
         * @return this builder
         */
        public Builder callOptions(CallOptions options) {
            this.callOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Adds a listener that hears every call's attempts, pacing waits, throttles, retries and end (see
         * {@link CallListener} for its contract). Listeners are told in the order they were added.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder callListener(CallListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException if no hub is set, or a pacing share is set without a tier
         */
        public FleetClient build() {
            if (hub == null) {
                throw new IllegalStateException("FleetClient needs a hub: call hub(HubBackend) before build()");
            }
            if (pacingShare != null && tier == null) {
                throw new IllegalStateException("pacingShare(" + pacingShare + ") needs tier(HubTier): without a "
                        + "tier the client does not pace");
            }
            Sleeper sleeper = Sleeper.forClock(clock);
            Pacer pacer = new Pacer(tier, pacingShare == null ? 1.0 : pacingShare, quotas, sleeper.nanoTime());
            CallPolicy policy = new CallPolicy(retryPolicy, sleeper, pacer, CallListener.all(listeners));
            ClientCore core = new ClientCore(hub, policy, new Gatekeeper(authorizer, auditSink, sleeper),
                    Optional.ofNullable(tier));
            LOG.debug("FleetClient built hub={} tier={} pacingShare={} retryPolicy={} operator={}", hub.describe(),
                    tier, pacingShare, retryPolicy, operator.name());
            return new FleetClient(core, new Caller(operator, null, callOptions));
        }
    }
}
