package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Path;
import dev.fleetops.rollout.internal.RolloutEngine;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.InvalidPlanException;
import dev.fleetops.rollout.model.PlanProblem;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.spi.InMemoryRolloutStore;
import dev.fleetops.rollout.spi.RolloutStore;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Begins rollouts and finds them again: the rollout module's entry point. Every operator action ({@code begin},
 * {@code pause}, {@code resume}, {@code abort}, {@code rollback}, {@code approve}) is authorized and audited through
 * the client's call seam as {@code rollout.<verb>} on {@code rollout:<id>}, and every hub call the engine makes goes
 * through the client's policy under an audit context with {@code rollout=} and {@code wave=}.
 *
 * <p>Built with {@link #builder(FleetClient)}; immutable once built and thread-safe: steps of one rollout are
 * serialised, different rollouts may step at once.
 */
public final class RolloutManager {

    /** The action of beginning a rollout. */
    public static final Action BEGIN = Action.change("rollout.begin");
    /** The action of pausing one. */
    public static final Action PAUSE = Action.change("rollout.pause");
    /** The action of resuming one. */
    public static final Action RESUME = Action.change("rollout.resume");
    /** The action of aborting one. */
    public static final Action ABORT = Action.change("rollout.abort");
    /** The action of rolling one back. */
    public static final Action ROLLBACK = Action.change("rollout.rollback");
    /** The action of approving a wave. */
    public static final Action APPROVE = Action.change("rollout.approve");
    /** The action of stamping bucket tags on devices that lack them. */
    public static final Action BACKFILL = Action.change("rollout.backfill");
    /** How many passes a backfill makes at most (a query's pages may miss devices stamped while it is read). */
    static final int BACKFILL_PASSES = 3;

    private final FleetClient client;
    private final RolloutStore store;
    private final List<RolloutListener> listeners;

    private RolloutManager(Builder b) {
        this.client = b.client;
        this.store = b.store;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Returns a builder over a client (whose operator, call options and clock the rollouts use).
     *
     * @param client the client
     * @return the builder (not thread-safe)
     */
    public static Builder builder(FleetClient client) {
        return new Builder(client);
    }

    /**
     * Begins a rollout: checks the plan, stores it as {@code PLANNED} and returns its handle. Nothing is sent to a
     * device until the handle steps (or awaits).
     *
     * @param plan the plan
     * @return the handle
     * @throws InvalidPlanException if the plan has an error
     * @throws IllegalStateException if a rollout with the plan's id exists already (use {@link #attach})
     * @throws RolloutConflictException if an active rollout changes one of the plan's paths on a device the plan
     *     targets too (the message names the other rollout, the path and a device)
     * @throws dev.fleetops.core.error.AccessDeniedException if the operator may not begin rollouts
     */
    public RolloutHandle begin(RolloutPlan plan) {
        Objects.requireNonNull(plan, "plan");
        List<PlanProblem> errors = plan.problems().stream()
                .filter(p -> p.severity() == PlanProblem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new InvalidPlanException(plan.id(), errors);
        }
        return operatorView(plan.id()).calls().perform(BEGIN, target(plan.id()), "plan="
                        + plan.contentHash().substring(0, 12),
                c -> {
                    List<String> paths = RolloutEngine.changedPaths(plan);
                    refuseOverlap(c, plan, paths);
                    RolloutRecord rec = new RolloutRecord(plan.id(), plan.contentHash(), RolloutState.PLANNED, 0,
                            client.clock().instant(), "planned", -1, 0, plan.target(), paths);
                    if (!store.create(rec)) {
                        throw new IllegalStateException("rollout " + plan.id() + " exists already; attach to it"
                                + " with the same plan");
                    }
                    return new RolloutHandle(this, plan);
                });
    }

    /**
     * Finds a rollout again (after a restart, or from another thread) given its plan, whose content must be the
     * one it began with.
     *
     * @param plan the plan it began with
     * @return the handle
     * @throws IllegalArgumentException if the store holds no rollout of that id, or one with another plan
     */
    public RolloutHandle attach(RolloutPlan plan) {
        RolloutRecord rec = store.find(plan.id()).orElseThrow(() -> new IllegalArgumentException("no rollout "
                + plan.id() + " in the store"));
        if (!rec.planHash().equals(plan.contentHash())) {
            throw new IllegalArgumentException("rollout " + plan.id() + " began with another plan (content hash "
                    + rec.planHash().substring(0, 12) + ", given " + plan.contentHash().substring(0, 12) + ")");
        }
        return new RolloutHandle(this, plan);
    }

    /**
     * Stamps the bucket tag ({@code tags.fleetops.bucket}, see {@link RolloutBucket}) on the devices matching a
     * condition that lack it, so that job-strategy rollouts reach them with hub jobs. Devices provisioned by FleetOps
     * carry it from their initial twin; this is for the fleet enrolled before. It costs one tags-only twin patch per
     * device (a hub job writes the same patch to every device, and each device's bucket is its own), paced at the
     * twin-update quota like every call of the client, and only once: a device that has the tag is not written
     * again, so the backfill is idempotent and resumable. Audited as {@code rollout.backfill}.
     *
     * @param condition which devices, in the query language (for example the targets of future rollouts)
     * @return how many devices were stamped
     * @throws dev.fleetops.core.error.InvalidQueryException if the condition is not valid
     * @throws dev.fleetops.core.error.AccessDeniedException if the operator may not backfill
     */
    public long backfillBuckets(String condition) {
        Condition scope = Condition.allOf(Condition.parse(condition),
                Condition.not(Path.tag(RolloutBucket.TAG).isDefined()));
        return client.calls().perform(BACKFILL, "fleet", "condition=" + condition, c -> {
            long stamped = 0;
            for (int pass = 0; pass < BACKFILL_PASSES; pass++) {
                long before = stamped;
                try (java.util.stream.Stream<PropertyTree> rows = c.queries().streamRows("SELECT deviceId FROM "
                        + "devices WHERE " + scope.text())) {
                    for (PropertyTree r : (Iterable<PropertyTree>) rows::iterator) {
                        DeviceId id = DeviceId.of(r.getString("deviceId").orElseThrow());
                        try {
                            c.twins().patch(id, RolloutBucket.stamp(id), ETag.ANY);
                            stamped++;
                        } catch (dev.fleetops.core.error.DeviceNotFoundException gone) {
                            // deleted meanwhile: nothing to stamp
                        }
                    }
                }
                if (stamped == before) {
                    break;
                }
            }
            return stamped;
        });
    }

    /**
     * Refuses a plan that changes a path (or a path above or below it) that an active rollout changes, on a device
     * both target: rollouts are never interleaved on a device.
     */
    private void refuseOverlap(FleetClient c, RolloutPlan plan, List<String> paths) {
        for (RolloutRecord other : store.list()) {
            if (!other.state().isActive() || other.id().equals(plan.id())) {
                continue;
            }
            for (String mine : paths) {
                for (String theirs : other.paths()) {
                    if (mine.equals(theirs) || mine.startsWith(theirs + ".") || theirs.startsWith(mine + ".")) {
                        String both = "SELECT * FROM devices WHERE (" + plan.target() + ") AND (" + other.target()
                                + ")";
                        List<dev.fleetops.core.model.Twin> shared = c.queries()
                                .twins(both, dev.fleetops.core.model.PageRequest.first(1)).items();
                        if (!shared.isEmpty()) {
                            throw new RolloutConflictException(plan.id(), other.id(), mine.length() <= theirs.length()
                                    ? mine : theirs, shared.get(0).deviceId());
                        }
                    }
                }
            }
        }
    }

    /**
     * The client as the operator acts through it on one rollout: audit records carry {@code rollout=<id>}, added to
     * the caller's own audit context (its correlation id and attributes) when the client has one.
     */
    FleetClient operatorView(RolloutId id) {
        return client.with(client.auditContext().orElseGet(dev.fleetops.core.call.AuditContext::random)
                .with("rollout", id.value()));
    }

    /** The operator's view for an action on a rollout's current wave: {@code rollout=} and {@code wave=}. */
    FleetClient operatorView(RolloutId id, int wave) {
        return client.with(client.auditContext().orElseGet(dev.fleetops.core.call.AuditContext::random)
                .with("rollout", id.value()).with("wave", Integer.toString(wave)));
    }

    static String target(RolloutId id) {
        return "rollout:" + id.value();
    }

    FleetClient client() {
        return client;
    }

    RolloutStore store() {
        return store;
    }

    RolloutEngine engine(RolloutPlan plan) {
        return new RolloutEngine(client, store, plan, this::publish);
    }

    RolloutSnapshot snapshot(RolloutPlan plan) {
        RolloutRecord rec = store.find(plan.id()).orElseThrow(() -> new IllegalStateException("rollout "
                + plan.id() + " is not in the store"));
        Map<DeviceState, Long> counts = new EnumMap<>(DeviceState.class);
        store.counts(plan.id(), -1).forEach((state, n) -> counts.merge(state, n, Long::sum));
        // devices changed by hub jobs are counted, not tracked one by one: their waves' tallies
        for (dev.fleetops.rollout.model.WaveSummary s : store.summaries(plan.id())) {
            if (s.wave() < plan.waveCount()) {
                counts.merge(DeviceState.SUCCEEDED, s.succeeded(), Long::sum);
                counts.merge(DeviceState.FAILED, s.failed(), Long::sum);
                counts.merge(DeviceState.TIMED_OUT, s.timedOut(), Long::sum);
                counts.merge(DeviceState.SKIPPED, s.skipped(), Long::sum);
            }
        }
        return new RolloutSnapshot(plan.id(), rec.state(), rec.wave(), plan.waveCount(), rec.since(), rec.reason(),
                counts);
    }

    private void publish(RolloutEvent e) {
        for (RolloutListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(RolloutManager.class).warn("rollout={} listener {} threw {}",
                        e.rollout(), l, ex.toString());
            }
        }
    }

    /** Builds a {@link RolloutManager}. Not thread-safe. */
    public static final class Builder {
        private final FleetClient client;
        private RolloutStore store = new InMemoryRolloutStore();
        private final List<RolloutListener> listeners = new CopyOnWriteArrayList<>();

        private Builder(FleetClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Sets the store (default: a new {@link InMemoryRolloutStore}).
         *
         * @param s the store
         * @return this builder
         */
        public Builder store(RolloutStore s) {
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(RolloutListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /**
         * Builds the manager.
         *
         * @return the manager
         */
        public RolloutManager build() {
            return new RolloutManager(this);
        }
    }

    @Override
    public String toString() {
        return "RolloutManager[" + store + ", " + new ArrayList<>(listeners).size() + " listeners]";
    }
}
