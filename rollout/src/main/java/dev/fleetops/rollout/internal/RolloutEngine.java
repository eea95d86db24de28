package dev.fleetops.rollout.internal;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Path;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.GateResult;
import dev.fleetops.rollout.model.HealthGate;
import dev.fleetops.rollout.model.OfflinePolicy;
import dev.fleetops.rollout.model.RollbackPolicy;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Strategy;
import dev.fleetops.rollout.model.WaveSpec;
import dev.fleetops.rollout.model.WaveSummary;
import dev.fleetops.rollout.spi.RolloutStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Moves one rollout forward by a bounded step, level-triggered: it reads the store, counts with hub queries, does
 * what the state calls for, and writes the store before and after every change to a twin, so that a step
 * interrupted at any point is finished by the next one (on this engine or on one attached after a restart) without
 * patching a device twice.
 *
 * <p>Watching costs a constant number of hub queries per evaluation ({@code COUNT()} over the conditions of
 * {@link Verdicts}), spaced so that the rollout's evaluations stay within its share of the tier's query quota.
 * Twins are read by id only where a decision must be current: before a device is patched or restored, and to
 * confirm the failures that trip a gate or close a wave (the query index may lag). Not thread-safe: one step at a
 * time per rollout (the manager serialises them).
 */
public final class RolloutEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    /** Queries one evaluation of a wave costs: marked, failed, verified, timed out. */
    static final int QUERIES_PER_EVALUATION = 4;
    /** The most time a step's patch budget is worth: a resumed rollout does not burst a long pause's worth. */
    static final Duration BUDGET_CAP = Duration.ofMinutes(1);
    /** How often a hub job may leave devices of a group unchanged before they get per-device patches. */
    static final int JOB_ROUNDS = 3;
    /** How long to wait before asking the query index again whether it shows a finished job's work. */
    static final Duration INDEX_RECHECK = Duration.ofSeconds(30);
    /** The most job ids one group of a wave may use (rounds, and jobs cancelled by pauses). */
    static final int MAX_JOB_IDS = 20;
    /** The most devices whose failure is confirmed by reading their twins, per gate decision. */
    static final int CONFIRM_LIMIT = 100;
    private static final Path BUCKET = Path.tag(RolloutBucket.TAG);

    private final FleetClient client;
    private final RolloutStore store;
    private final RolloutPlan plan;
    private final Consumer<RolloutEvent> events;
    private final Verdicts verdicts;
    private final Condition target;
    private final List<String> changedPaths;
    /** The value the rollout writes at each of {@link #changedPaths}, JSON null for a removal. */
    private final List<Object> written;
    /** The client view of each wave: its audit context carries {@code rollout=} and {@code wave=}. */
    private final Map<Integer, FleetClient> views = new HashMap<>();
    private final Map<OperationClass, Long> throttledSeen = new HashMap<>();
    /** Distinct previous values seen, so that devices with equal ones share one tree. */
    private final Map<PropertyTree, PropertyTree> sharedPrevious = new HashMap<>();
    private static final int SHARED_PREVIOUS_LIMIT = 4096;
    /** The per-device patch of each wave: the change and the wave's mark. */
    private final Map<Integer, TwinPatch> patches = new HashMap<>();
    private Counts last;
    /** When a step last took a patch budget. */
    private Instant lastPatchStep;
    private Instant nextEvaluation = Instant.MIN;
    private JobWaves jobWaves;
    /** Whether this engine has made sure no change job of the rollout runs (after pause, abort, rollback). */
    private boolean changeJobsStopped;
    /** The hub job this engine waits for, and when to ask the hub about it next. */
    private String activeJob;
    private Instant nextJobCheck = Instant.MIN;
    /** After a change job: the marked count of its wave the query index must show before the next job. */
    private long awaitMarked = -1;
    private int awaitWave;
    /** After a rollback job: the count of devices with previous values the index must fall to first. */
    private long awaitUnmarked = -1;

    /**
     * Creates the engine of one rollout.
     *
     * @param client the client every hub call goes through
     * @param store the store
     * @param plan the plan
     * @param events where events go (must not throw)
     */
    public RolloutEngine(FleetClient client, RolloutStore store, RolloutPlan plan, Consumer<RolloutEvent> events) {
        this.client = Objects.requireNonNull(client, "client");
        this.store = Objects.requireNonNull(store, "store");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.events = Objects.requireNonNull(events, "events");
        this.changedPaths = leafPaths(plan.change());
        this.written = changedPaths.stream().map(p -> plan.change().get(p).orElse(JsonNull.INSTANCE)).toList();
        this.verdicts = new Verdicts(plan, changedPaths);
        this.target = Condition.parse(plan.target());
        client.statistics().byOperation().forEach((k, v) -> throttledSeen.put(k, v.throttled()));
    }

    /**
     * Returns the desired paths a plan changes, dotted.
     *
     * @param plan the plan
     * @return the paths
     */
    public static List<String> changedPaths(RolloutPlan plan) {
        return leafPaths(plan.change());
    }

    /**
     * Returns the tag path, below {@code tags}, with which the rollout marks each device it changes.
     *
     * @param plan the plan
     * @return {@code fleetops.rollouts.<key>}
     */
    public static String markTag(RolloutPlan plan) {
        return "fleetops.rollouts." + Verdicts.key(plan.id());
    }

    /** The dotted leaf paths of a tree (JSON null counts as a leaf: a removal). */
    static List<String> leafPaths(PropertyTree tree) {
        List<String> out = new ArrayList<>();
        collect(tree, "", out);
        return List.copyOf(out);
    }

    private static void collect(PropertyTree tree, String prefix, List<String> out) {
        tree.forEach((k, v) -> {
            if (v instanceof PropertyTree && !((PropertyTree) v).isEmpty()) {
                collect((PropertyTree) v, prefix + k + ".", out);
            } else {
                out.add(prefix + k);
            }
        });
    }

    private Instant now() {
        return client.clock().instant();
    }

    /** The client for a wave's hub calls, made once per wave rather than once per call. */
    private FleetClient hub(int wave) {
        return views.computeIfAbsent(wave, w -> client.with(client.auditContext().orElseGet(AuditContext::random)
                .with("rollout", plan.id().value()).with("wave", Integer.toString(w))));
    }

    /**
     * Runs one step.
     *
     * @return the record after the step
     * @throws IllegalStateException if the rollout is not in the store
     */
    public RolloutRecord step() {
        RolloutRecord rec = store.find(plan.id()).orElseThrow(() -> new IllegalStateException("rollout "
                + plan.id() + " is not in the store"));
        try {
            switch (rec.state()) {
                case PLANNED:
                    return plan(rec);
                case AWAITING_APPROVAL:
                    return rec.approvedWave() >= rec.wave() ? startWave(rec, rec.wave()) : rec;
                case RUNNING:
                    changeJobsStopped = false;
                    return run(rec, true);
                case PAUSED:
                    stopChangeJobs();
                    return run(rec, false);
                case BAKING:
                    return bake(rec);
                case ROLLING_BACK:
                    stopChangeJobs();
                    return rollBack(rec);
                case ABORTED:
                case FAILED:
                    stopChangeJobs();
                    return rec;
                default:
                    return rec;
            }
        } finally {
            surfaceThrottling();
        }
    }

    // ---- planning -------------------------------------------------------------------------------------------

    private RolloutRecord plan(RolloutRecord rec) {
        List<WaveAssignment.Candidate> candidates = new ArrayList<>();
        Condition scope = target;
        if (plan.strategy() == Strategy.JOBS) {
            long bucketed = count(0, Condition.allOf(target, BUCKET.isDefined()));
            store.saveSummary(new WaveSummary(plan.id(), plan.waveCount(), bucketed, 0, 0, 0, 0, now()));
            jobWaves = new JobWaves(plan, bucketed);
            scope = Condition.allOf(target, Condition.not(BUCKET.isDefined()));
            if (!plan.canaries().isEmpty()) {
                List<Object> ids = plan.canaries().stream().map(d -> (Object) d.value()).toList();
                scope = Condition.anyOf(scope, Condition.allOf(target, Path.of("deviceId").in(ids)));
            }
        }
        PropertyPath stratum = plan.stratifyBy().isEmpty() ? null : PropertyPath.parse(plan.stratifyBy());
        String select = "SELECT deviceId" + (stratum == null ? "" : ", " + Path.tag(plan.stratifyBy()).text() + " AS s")
                + " FROM devices WHERE " + scope.text();
        try (Stream<PropertyTree> rows = hub(0).queries().streamRows(select)) {
            rows.forEach(r -> candidates.add(new WaveAssignment.Candidate(DeviceId.of(r.getString("deviceId")
                    .orElseThrow()), stratum == null ? "" : r.get("s").map(String::valueOf).orElse(""))));
        }
        WaveAssignment.Result waves = WaveAssignment.assign(plan, candidates);
        List<DeviceProgress> progress = new ArrayList<>();
        for (int w = 0; w < waves.waves().size(); w++) {
            for (DeviceId d : waves.waves().get(w)) {
                progress.add(DeviceProgress.pending(d, w));
            }
            if (plan.strategy() == Strategy.JOBS && !waves.waves().get(w).isEmpty()) {
                emit(new RolloutEvent.StrategyFallback(plan.id(), now(), w, waves.waves().get(w).size(),
                        "pinned canaries, or devices without the tag " + RolloutBucket.TAG + " (backfill it with "
                                + "RolloutManager.backfillBuckets)"));
            }
        }
        store.saveDevices(plan.id(), progress);
        return startWave(rec, 0);
    }

    private JobWaves jobWaves() {
        if (jobWaves == null) {
            long bucketed = store.summaries(plan.id()).stream().filter(s -> s.wave() == plan.waveCount())
                    .mapToLong(WaveSummary::devices).findFirst().orElse(0);
            jobWaves = new JobWaves(plan, bucketed);
        }
        return jobWaves;
    }

    private RolloutRecord startWave(RolloutRecord rec, int wave) {
        if (plan.gates().approvalBefore().contains(wave) && rec.approvedWave() < wave) {
            return move(rec, RolloutState.AWAITING_APPROVAL, wave, "wave " + wave + " waits for approval");
        }
        RolloutRecord next = move(rec, RolloutState.RUNNING, wave, "wave " + wave + " started");
        long size = store.counts(plan.id(), wave).values().stream().mapToLong(Long::longValue).sum();
        if (plan.strategy() == Strategy.JOBS) {
            size += jobWaves().plannedSize(wave);
        }
        emit(new RolloutEvent.WaveStarted(plan.id(), now(), wave, (int) Math.min(Integer.MAX_VALUE, size)));
        last = null;
        nextEvaluation = Instant.MIN;
        return next;
    }

    // ---- watching -------------------------------------------------------------------------------------------

    /** A wave's counts from the hub's query index; {@code fresh} when read by this step, not reused. */
    record Counts(int wave, long applied, long verified, long failed, long timedOut, Instant at, boolean fresh) {
        long decided() {
            return verified + failed + timedOut;
        }

        Counts reused() {
            return new Counts(wave, applied, verified, failed, timedOut, at, false);
        }
    }

    private long count(int wave, Condition where) {
        List<PropertyTree> rows = hub(wave).queries().rows("SELECT COUNT() AS n FROM devices WHERE " + where.text(),
                PageRequest.first()).items();
        return rows.isEmpty() ? 0 : rows.get(0).getLong("n").orElse(0L);
    }

    /** The wave's counts: fresh when the query budget allows, else the last ones (null before the first). */
    private Counts evaluate(int wave) {
        Instant now = now();
        if (last != null && last.wave() == wave && now.isBefore(nextEvaluation)) {
            return last.reused();
        }
        Condition m = verdicts.member(wave);
        long applied = count(wave, m);
        long failed = applied == 0 ? 0 : count(wave, Condition.allOf(m, verdicts.failed()));
        long verified = applied == 0 ? 0 : count(wave, Condition.allOf(m, verdicts.verified(now)));
        long timedOut = applied == 0 ? 0 : count(wave, Condition.allOf(m, verdicts.timedOut(now)));
        last = new Counts(wave, applied, verified, failed, timedOut, now, true);
        nextEvaluation = now.plus(evaluationInterval());
        emit(new RolloutEvent.WaveProgress(plan.id(), now, wave, applied, verified, failed, timedOut,
                applied == 0 ? 1 : QUERIES_PER_EVALUATION));
        return last;
    }

    /**
     * The shortest time between two evaluations: {@value #QUERIES_PER_EVALUATION} queries within the plan's share of
     * the tier's query quota (S1: 20 a minute a unit), and at least the plan's evaluation period.
     */
    Duration evaluationInterval() {
        Duration quota = client.tier().map(t -> {
            Quota q = t.quota(OperationClass.QUERY);
            double perSecond = q.perSecond() * plan.pacing().quotaShare();
            return Duration.ofMillis((long) Math.ceil(QUERIES_PER_EVALUATION / perSecond * 1000));
        }).orElse(Duration.ZERO);
        Duration period = plan.pacing().evaluationPeriod();
        return quota.compareTo(period) > 0 ? quota : period;
    }

    // ---- running a wave -------------------------------------------------------------------------------------

    private RolloutRecord run(RolloutRecord rec, boolean patchNew) {
        int wave = rec.wave();
        Counts c = evaluate(wave);
        boolean fresh = c.fresh();
        if (fresh && c.failed() + c.timedOut() > 0) {
            WaveSummary s = combined(wave, c);
            if (budgetExceeded(s)) {
                WaveSummary confirmed = confirm(wave, c);
                if (budgetExceeded(confirmed)) {
                    return gateFailed(rec, confirmed, plan.gates().judge(confirmed), "gates");
                }
            }
        }
        boolean jobsDone = true;
        if (plan.strategy() == Strategy.JOBS) {
            jobsDone = advanceJobs(wave, patchNew);
        }
        long inFlight = Math.max(0, c.applied() - c.decided());
        Map<DeviceState, Long> mine = store.counts(plan.id(), wave);
        long patchedHere = 0;
        if (patchNew && plan.window().isOpen(now())) {
            long slots = Math.min(plan.pacing().maxInFlight() - inFlight, patchBudget());
            if (slots > 0) {
                for (DeviceProgress d : store.devices(plan.id(), wave, DeviceState.PENDING, (int) Math.min(slots,
                        Integer.MAX_VALUE))) {
                    if (apply(d).state() == DeviceState.APPLIED) {
                        patchedHere++;
                    }
                }
            }
        }
        long pending = store.counts(plan.id(), wave).getOrDefault(DeviceState.PENDING, 0L);
        long marked = mine.getOrDefault(DeviceState.APPLIED, 0L) + decidedIn(mine);
        boolean settled = fresh && patchedHere == 0 && pending == 0 && jobsDone && c.applied() >= marked
                && c.decided() >= c.applied();
        if (settled && rec.state() == RolloutState.RUNNING) {
            closeWave(wave, c);
            RolloutRecord baking = move(rec, RolloutState.BAKING, wave, "wave " + wave + " has its verdicts");
            // a wave without bake time is judged at once, not a step later
            return baking.state() == RolloutState.BAKING && bakeOf(wave).isZero() ? bake(baking) : baking;
        }
        return rec;
    }

    /**
     * How many devices this step may patch within the plan's share of the tier's twin-update quota: the share's rate
     * times the time since the last step that patched (at most a minute's worth). The client's pacing keeps each
     * burst within the quota itself; without a tier, or with the whole quota, there is no budget of the engine's.
     */
    private long patchBudget() {
        Instant now = now();
        double share = plan.pacing().quotaShare();
        Optional<Double> rate = client.tier().map(t -> t.quota(OperationClass.TWIN_UPDATE).perSecond() * share);
        if (rate.isEmpty() || share >= 1) {
            return Long.MAX_VALUE;
        }
        Duration since = lastPatchStep == null ? Duration.ofSeconds(1) : Duration.between(lastPatchStep, now);
        if (since.compareTo(BUDGET_CAP) > 0) {
            since = BUDGET_CAP;
        }
        lastPatchStep = now;
        return Math.max(1, (long) Math.ceil(rate.get() * since.toMillis() / 1000.0));
    }

    private static long decidedIn(Map<DeviceState, Long> counts) {
        return counts.getOrDefault(DeviceState.SUCCEEDED, 0L) + counts.getOrDefault(DeviceState.FAILED, 0L)
                + counts.getOrDefault(DeviceState.TIMED_OUT, 0L);
    }

    /** Patches one pending device; returns its progress after (applied, skipped, or still pending). */
    private DeviceProgress apply(DeviceProgress d) {
        FleetClient hub = hub(d.wave());
        Twin twin;
        try {
            twin = hub.twins().get(d.device());
        } catch (DeviceNotFoundException gone) {
            return save(d.moveTo(DeviceState.SKIPPED, "the device is no longer registered"));
        }
        if (plan.offline() == OfflinePolicy.SKIP && twin.connectionState() != ConnectionState.CONNECTED) {
            return save(d.moveTo(DeviceState.SKIPPED, "offline when its wave reached it"));
        }
        if (isMarked(twin)) {
            // patched by a step that stopped before it could say so (or by one of this rollout's jobs)
            return markApplied(d.previous().isEmpty() ? d.withPrevious(previousOf(twin)) : d);
        }
        DeviceProgress recorded = d;
        if (d.previous().isEmpty()) {
            // before anything changes: what the twin held at each path the rollout writes
            recorded = save(d.withPrevious(previousOf(twin)));
        }
        try {
            hub.twins().patch(d.device(), patches.computeIfAbsent(d.wave(), w -> new TwinPatch(PropertyTree.builder()
                    .put(verdicts.tagPath() + ".w", (long) w).put(verdicts.tagPath() + ".d", 1L).build(),
                    plan.change())), twin.etag());
        } catch (PreconditionFailedException changed) {
            return recorded; // the twin changed between the read and the patch: the next step reads it again
        }
        return markApplied(recorded);
    }

    private PropertyTree previousOf(Twin twin) {
        PropertyTree previous = PropertyTree.empty();
        for (String path : changedPaths) {
            previous = previous.with(path, desiredAt(twin, path));
        }
        // most devices of a fleet held the same values: keep one copy of each (the store holds one per device)
        PropertyTree shared = sharedPrevious.putIfAbsent(previous, previous);
        if (shared != null) {
            return shared;
        }
        if (sharedPrevious.size() > SHARED_PREVIOUS_LIMIT) {
            sharedPrevious.clear();
        }
        return previous;
    }

    private boolean isMarked(Twin twin) {
        return twin.tags().get(verdicts.tagPath()).isPresent();
    }

    private DeviceProgress markApplied(DeviceProgress d) {
        DeviceProgress applied = save(d.appliedAt(now()));
        emit(new RolloutEvent.DeviceApplied(plan.id(), now(), d.device(), d.wave()));
        return applied;
    }

    /** The desired value at a path, JSON null where the twin holds none (the rollout's "absent"). */
    private static Object desiredAt(Twin twin, String path) {
        return twin.desired().get(path).orElse(JsonNull.INSTANCE);
    }

    // ---- the job strategy -----------------------------------------------------------------------------------

    /** A group of devices that hold the same previous values at the changed paths. */
    private record Group(Condition condition, PropertyTree previous, long devices, boolean matchable) {
    }

    /**
     * Moves the job part of a wave on: waits for the running job, then schedules one job per group of the wave's
     * unmarked devices (grouped by their current values at the changed paths), up to {@value #JOB_ROUNDS} rounds a
     * group, and hands devices no job can change to per-device patches.
     *
     * @return true when no device of the wave's buckets is left for a job
     */
    private boolean advanceJobs(int wave, boolean schedule) {
        Condition range = jobWaves().range(wave);
        if (range == null) {
            return true;
        }
        if (!jobSettled(wave)) {
            return false;
        }
        if (!schedule || !plan.window().isOpen(now())) {
            return false;
        }
        List<Condition> scopeParts = new ArrayList<>(List.of(target, range, verdicts.unmarked()));
        if (plan.offline() == OfflinePolicy.SKIP) {
            scopeParts.add(Path.of("connectionState").eq(ConnectionState.CONNECTED.wireName()));
        }
        Condition scope = Condition.allOf(scopeParts);
        List<Group> groups = groups(wave, scope, 0, PropertyTree.empty(), new ArrayList<>());
        if (groups.isEmpty()) {
            return true;
        }
        List<Condition> leftOver = new ArrayList<>();
        for (Group g : groups) {
            if (!g.matchable()) {
                leftOver.add(g.condition());
                continue;
            }
            String base = "fleetops-" + plan.id().value() + "-w" + wave + "-" + Verdicts.sha256Hex(g.previous().toJson(), 4);
            // a job an operator's pause cancelled does not count as one of the group's rounds
            for (int round = 0, finished = 0; finished < JOB_ROUNDS && round < MAX_JOB_IDS; round++) {
                String id = base + "-" + round;
                Optional<ScheduledJob> existing = hub(wave).jobs().find(id);
                if (existing.isEmpty()) {
                    return scheduleChange(wave, id, Condition.allOf(scope, g.condition()), g);
                }
                if (!existing.get().status().isFinal()) {
                    activeJob = id;
                    return false;
                }
                if (existing.get().status() != JobStatus.CANCELLED) {
                    finished++;
                }
            }
            leftOver.add(g.condition());
        }
        if (store.counts(plan.id(), wave).getOrDefault(DeviceState.PENDING, 0L) == 0) {
            fallBack(wave, Condition.allOf(scope, Condition.anyOf(leftOver)), "a hub job could not change them ("
                    + JOB_ROUNDS + " rounds, or their previous value is an object or an array)");
        }
        return false;
    }

    /**
     * True when no job of this engine runs and the query index shows what the last one did. A job's condition is
     * evaluated on the index, so a job scheduled while it lags could reach a device the last job changed.
     */
    private boolean jobSettled(int wave) {
        if (activeJob != null) {
            if (now().isBefore(nextJobCheck)) {
                return false;
            }
            Optional<ScheduledJob> j = hub(wave).jobs().find(activeJob);
            if (j.isPresent() && !j.get().status().isFinal()) {
                nextJobCheck = now().plus(plan.pacing().evaluationPeriod());
                return false;
            }
            long succeeded = j.map(x -> (long) x.statistics().succeededCount()).orElse(0L);
            awaitMarked = awaitMarked < 0 ? -1 : awaitMarked + succeeded;
            awaitUnmarked = awaitUnmarked < 0 ? -1 : Math.max(0, awaitUnmarked - succeeded);
            activeJob = null;
        }
        if ((awaitMarked >= 0 || awaitUnmarked >= 0) && now().isBefore(nextJobCheck)) {
            return false;
        }
        if (awaitMarked >= 0) {
            if (count(wave, verdicts.member(awaitWave)) < awaitMarked) {
                nextJobCheck = now().plus(INDEX_RECHECK);
                return false;
            }
            awaitMarked = -1;
        }
        if (awaitUnmarked >= 0) {
            if (count(wave, verdicts.previousMark().isDefined()) > awaitUnmarked) {
                nextJobCheck = now().plus(INDEX_RECHECK);
                return false;
            }
            awaitUnmarked = -1;
        }
        return true;
    }

    private boolean scheduleChange(int wave, String id, Condition condition, Group g) {
        PropertyTree tags = PropertyTree.builder().put(verdicts.tagPath() + ".w", (long) wave)
                .put(verdicts.tagPath() + ".p", g.previous().toJson()).build();
        long before = count(wave, verdicts.member(wave));
        try {
            hub(wave).jobs().scheduleTwinUpdate(id, condition.text(), new TwinPatch(tags, plan.change()), now(),
                    jobTime(g.devices()));
        } catch (ThrottledException | QuotaExceededException busy) {
            LOG.debug("rollout={} job {} not scheduled: {}", plan.id(), id, busy.getMessage());
            return false; // the hub runs as many jobs as its tier allows: the next step tries again
        }
        activeJob = id;
        nextJobCheck = now().plus(expectedRun(g.devices()));
        awaitMarked = before;
        awaitWave = wave;
        emit(new RolloutEvent.JobScheduled(plan.id(), now(), wave, id, "change", condition.text(), g.devices()));
        return false;
    }

    /** How long a job over {@code devices} devices may run: twice the tier's job rate, and at least an hour. */
    private Duration jobTime(long devices) {
        return Duration.ofSeconds(Math.max(3600, expectedRun(devices).getSeconds() * 2));
    }

    /**
     * When to ask the hub about a job first: when it should end at the tier's job rate (S1: 10 devices a second),
     * at least the plan's evaluation period later; then every period. So following a job costs a few calls, not one
     * per step.
     */
    private Duration expectedRun(long devices) {
        double rate = client.tier().map(t -> t.jobDeviceRate().perSecond()).orElse(50.0);
        Duration d = Duration.ofSeconds((long) Math.ceil(devices / rate));
        Duration period = plan.pacing().evaluationPeriod();
        return d.compareTo(period) > 0 ? d : period;
    }

    /**
     * Groups the devices of {@code scope} by their desired values at the changed paths, one {@code GROUP BY} per
     * path and group (so the queries grow with the number of distinct previous values, not with the devices).
     */
    private List<Group> groups(int wave, Condition scope, int level, PropertyTree previous, List<Condition> conds) {
        String path = changedPaths.get(level);
        Path p = Path.desired(path);
        String q = "SELECT " + p.text() + " AS v, COUNT() AS n FROM devices WHERE " + scope.text() + " GROUP BY "
                + p.text();
        List<PropertyTree> rows;
        try (Stream<PropertyTree> s = hub(wave).queries().streamRows(q)) {
            rows = s.toList();
        }
        List<Group> out = new ArrayList<>();
        for (PropertyTree row : rows) {
            long n = row.getLong("n").orElse(0L);
            Optional<Object> v = row.get("v");
            if (v.isPresent() && (v.get() instanceof PropertyTree || v.get() instanceof List)) {
                out.add(new Group(Condition.allOf(scope, p.eq(JsonNull.INSTANCE)), previous, n, false));
                continue;
            }
            Condition here = v.isEmpty() || v.get() instanceof JsonNull ? Condition.not(p.isDefined()) : p.eq(v.get());
            PropertyTree prev = v.isEmpty() ? previous : previous.with(path, v.get());
            List<Condition> all = new ArrayList<>(conds);
            all.add(here);
            if (level + 1 < changedPaths.size()) {
                out.addAll(groups(wave, Condition.allOf(scope, here), level + 1, prev, all));
            } else {
                out.add(new Group(Condition.allOf(all), prev, n, true));
            }
        }
        out.sort((a, b) -> a.previous().toJson().compareTo(b.previous().toJson()));
        return out;
    }

    /**
     * Cancels the rollout's change jobs that still run, once per pause, abort, failure or rollback: devices a job
     * reached keep the change (and are watched, and rolled back if it comes to that); the others are not changed.
     * After a restart the engine does not know its job, so it asks the hub for the twin-update jobs not yet final.
     */
    private void stopChangeJobs() {
        if (plan.strategy() != Strategy.JOBS || changeJobsStopped) {
            return;
        }
        String prefix = "fleetops-" + plan.id().value() + "-w";
        List<String> running = new ArrayList<>();
        if (activeJob != null) {
            if (activeJob.startsWith(prefix)) {
                running.add(activeJob);
            }
        } else {
            for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.RUNNING)) {
                PageRequest page = PageRequest.first();
                while (page != null) {
                    QueryPage<ScheduledJob> jobs = hub(0).jobs().list(JobFilter.all().withType(JobType.TWIN_UPDATE)
                            .withStatus(status), page);
                    for (ScheduledJob j : jobs.items()) {
                        if (j.jobId().startsWith(prefix) && !j.status().isFinal()) {
                            running.add(j.jobId());
                        }
                    }
                    page = jobs.continuationToken().map(page::next).orElse(null);
                }
            }
        }
        for (String id : running) {
            ScheduledJob j = hub(0).jobs().cancel(id);
            LOG.info("rollout={} cancelled job {} ({} devices changed by it)", plan.id(), id,
                    j.statistics().succeededCount());
            activeJob = id;
            nextJobCheck = Instant.MIN;
        }
        changeJobsStopped = true;
    }

    /** Lists devices no job can change and stores them as pending per-device patches. */
    private void fallBack(int wave, Condition where, String reason) {
        List<DeviceProgress> add = new ArrayList<>();
        try (Stream<PropertyTree> rows = hub(wave).queries().streamRows("SELECT deviceId FROM devices WHERE "
                + where.text())) {
            rows.forEach(r -> {
                DeviceId d = DeviceId.of(r.getString("deviceId").orElseThrow());
                if (store.device(plan.id(), d).isEmpty()) {
                    add.add(DeviceProgress.pending(d, wave));
                }
            });
        }
        if (!add.isEmpty()) {
            store.saveDevices(plan.id(), add);
            emit(new RolloutEvent.StrategyFallback(plan.id(), now(), wave, add.size(), reason));
        }
    }

    // ---- verdicts and gates ---------------------------------------------------------------------------------

    /**
     * Reads the twins of up to {@value #CONFIRM_LIMIT} failed and timed-out devices by id and returns the wave's
     * counts with only the confirmed ones (scaled when more were counted than read), recording each confirmed
     * device's verdict.
     */
    private WaveSummary confirm(int wave, Counts c) {
        Instant now = now();
        Confirmed failed = judgeListed(wave, Condition.allOf(verdicts.member(wave), verdicts.failed()),
                verdicts.failed(), DeviceState.FAILED, failureNote());
        Confirmed timedOut = judgeListed(wave, Condition.allOf(verdicts.member(wave), verdicts.timedOut(now)),
                verdicts.timedOut(now), DeviceState.TIMED_OUT, timeoutNote());
        return combined(wave, new Counts(wave, c.applied(), c.verified(), failed.scale(c.failed()),
                timedOut.scale(c.timedOut()), c.at(), true));
    }

    private String failureNote() {
        return "its failure condition holds: " + plan.verdict().failure();
    }

    private String timeoutNote() {
        return "no verdict within " + plan.verdict().timeout();
    }

    /** Of the devices a query listed, how many were read and how many of those the twin confirmed. */
    private record Confirmed(long checked, long held) {
        /** The counted devices scaled by the confirmed share (exact when every counted device was read). */
        long scale(long counted) {
            return checked == 0 ? 0 : Math.round((double) counted * held / checked);
        }
    }

    /** Lists up to {@value #CONFIRM_LIMIT} devices by a condition, confirms each by its twin, records the verdict. */
    private Confirmed judgeListed(int wave, Condition listed, Condition judge, DeviceState verdict, String note) {
        List<DeviceId> ids = new ArrayList<>();
        hub(wave).queries().rows("SELECT deviceId FROM devices WHERE " + listed.text(),
                        PageRequest.first(CONFIRM_LIMIT)).items()
                .forEach(r -> ids.add(DeviceId.of(r.getString("deviceId").orElseThrow())));
        CompiledCondition judging = CompiledCondition.compile(judge);
        long held = 0;
        for (DeviceId id : ids) {
            Optional<Twin> twin = hub(wave).twins().find(id);
            if (twin.isPresent() && judging.matches(twin.get())) {
                held++;
                decide(wave, id, verdict, note);
            }
        }
        return new Confirmed(ids.size(), held);
    }

    /** Records a device's verdict: on its progress when the store tracks it, else as an event only. */
    private void decide(int wave, DeviceId id, DeviceState verdict, String note) {
        Optional<DeviceProgress> p = store.device(plan.id(), id);
        if (p.isPresent()) {
            if (p.get().state().canMoveTo(verdict)) {
                decide(p.get(), verdict, note);
            }
            return;
        }
        emit(new RolloutEvent.DeviceChanged(plan.id(), now(), id, wave, verdict, note));
    }

    private DeviceProgress decide(DeviceProgress d, DeviceState state, String note) {
        DeviceProgress decided = save(d.moveTo(state, note));
        emit(new RolloutEvent.DeviceChanged(plan.id(), now(), d.device(), d.wave(), state, note));
        return decided;
    }

    /**
     * Closes a wave whose counts are all in: confirms and records its failed and timed-out devices, marks the rest of
     * its tracked devices verified, and stores the tally of the devices a job changed.
     */
    private void closeWave(int wave, Counts c) {
        Instant now = now();
        Map<DeviceState, Long> before = store.counts(plan.id(), wave);
        long heldFailed = listAll(wave, Condition.allOf(verdicts.member(wave), verdicts.failed()),
                verdicts.failed(), DeviceState.FAILED, failureNote());
        long heldTimedOut = listAll(wave, Condition.allOf(verdicts.member(wave), verdicts.timedOut(now)),
                verdicts.timedOut(now), DeviceState.TIMED_OUT, timeoutNote());
        Map<DeviceState, Long> afterJudging = store.counts(plan.id(), wave);
        long trackedFailed = afterJudging.getOrDefault(DeviceState.FAILED, 0L)
                - before.getOrDefault(DeviceState.FAILED, 0L);
        long trackedTimedOut = afterJudging.getOrDefault(DeviceState.TIMED_OUT, 0L)
                - before.getOrDefault(DeviceState.TIMED_OUT, 0L);
        while (true) {
            List<DeviceProgress> applied = store.devices(plan.id(), wave, DeviceState.APPLIED, 1000);
            if (applied.isEmpty()) {
                break;
            }
            List<DeviceProgress> verified = new ArrayList<>(applied.size());
            for (DeviceProgress d : applied) {
                verified.add(d.moveTo(DeviceState.SUCCEEDED, ""));
            }
            store.saveDevices(plan.id(), verified);
            Instant at = now();
            for (DeviceProgress d : verified) {
                emit(new RolloutEvent.DeviceChanged(plan.id(), at, d.device(), d.wave(), DeviceState.SUCCEEDED, ""));
            }
        }
        Map<DeviceState, Long> after = store.counts(plan.id(), wave);
        long tracked = after.values().stream().mapToLong(Long::longValue).sum()
                - after.getOrDefault(DeviceState.PENDING, 0L) - after.getOrDefault(DeviceState.SKIPPED, 0L);
        long jobDevices = Math.max(0, c.applied() - tracked);
        long jobFailed = Math.max(0, heldFailed - trackedFailed);
        long jobTimedOut = Math.max(0, heldTimedOut - trackedTimedOut);
        // the verified count includes the tracked devices (all of which the store now holds as succeeded)
        long jobVerified = Math.max(0, Math.min(jobDevices - jobFailed - jobTimedOut,
                c.verified() - after.getOrDefault(DeviceState.SUCCEEDED, 0L)));
        long skipped = 0;
        Condition range = plan.strategy() == Strategy.JOBS ? jobWaves().range(wave) : null;
        if (range != null && plan.offline() == OfflinePolicy.SKIP) {
            skipped = count(wave, Condition.allOf(target, range, verdicts.unmarked()));
        }
        if (range != null) {
            store.saveSummary(new WaveSummary(plan.id(), wave, jobDevices + skipped, jobVerified, jobFailed,
                    jobTimedOut, skipped, now));
        }
    }

    /**
     * Lists every device of a condition (the failures of a closing wave), confirming each by reading its twin;
     * returns how many hold the verdict.
     */
    private long listAll(int wave, Condition listed, Condition judge, DeviceState verdict, String note) {
        List<DeviceId> ids = new ArrayList<>();
        try (Stream<PropertyTree> rows = hub(wave).queries().streamRows("SELECT deviceId FROM devices WHERE "
                + listed.text())) {
            rows.forEach(r -> ids.add(DeviceId.of(r.getString("deviceId").orElseThrow())));
        }
        CompiledCondition judging = CompiledCondition.compile(judge);
        long held = 0;
        for (DeviceId id : ids) {
            Optional<DeviceProgress> p = store.device(plan.id(), id);
            if (p.isPresent() && p.get().state() == verdict) {
                held++;
                continue;
            }
            Optional<Twin> twin = hub(wave).twins().find(id);
            if (twin.isPresent() && judging.matches(twin.get())) {
                held++;
                decide(wave, id, verdict, note);
            }
        }
        return held;
    }

    /** The wave as its gates see it: the devices the store tracks, and the counted rest. */
    private WaveSummary combined(int wave, Counts c) {
        Map<DeviceState, Long> m = store.counts(plan.id(), wave);
        long skipped = m.getOrDefault(DeviceState.SKIPPED, 0L);
        long devices = Math.max(c.applied() + m.getOrDefault(DeviceState.PENDING, 0L) + skipped,
                c.decided() + skipped);
        return new WaveSummary(plan.id(), wave, devices, c.verified(), c.failed(), c.timedOut(), skipped, now());
    }

    /** The closed wave's summary: tracked devices from the store plus the job tally. */
    private WaveSummary summary(int wave) {
        Map<DeviceState, Long> m = store.counts(plan.id(), wave);
        long succeeded = m.getOrDefault(DeviceState.SUCCEEDED, 0L);
        long failed = m.getOrDefault(DeviceState.FAILED, 0L);
        long timedOut = m.getOrDefault(DeviceState.TIMED_OUT, 0L);
        long skipped = m.getOrDefault(DeviceState.SKIPPED, 0L);
        long devices = m.values().stream().mapToLong(Long::longValue).sum();
        for (WaveSummary s : store.summaries(plan.id())) {
            if (s.wave() == wave) {
                succeeded += s.succeeded();
                failed += s.failed();
                timedOut += s.timedOut();
                skipped += s.skipped();
                devices += s.devices();
            }
        }
        return new WaveSummary(plan.id(), wave, devices, succeeded, failed, timedOut, skipped, now());
    }

    private boolean budgetExceeded(WaveSummary s) {
        return plan.gates().budgetExceeded(s);
    }

    private RolloutRecord bake(RolloutRecord rec) {
        int wave = rec.wave();
        Duration bake = bakeOf(wave);
        if (now().isBefore(rec.since().plus(bake))) {
            return rec;
        }
        WaveSummary s = summary(wave);
        // a wave with fewer devices to judge than the minimum sample is judged once all of them are decided
        GateResult thresholds = plan.gates().judge(s);
        if (thresholds.status() == GateResult.Status.FAIL) {
            return gateFailed(rec, s, thresholds, "gates");
        }
        emit(new RolloutEvent.GateDecided(plan.id(), now(), s, thresholds, "gates"));
        if (thresholds.status() == GateResult.Status.INCONCLUSIVE) {
            return rec;
        }
        for (HealthGate g : plan.gates().healthGates()) {
            GateResult r;
            try {
                r = Objects.requireNonNull(g.evaluate(s), "health gate result");
            } catch (RuntimeException e) {
                r = GateResult.inconclusive(g.name() + " threw " + e.getClass().getSimpleName());
            }
            emit(new RolloutEvent.GateDecided(plan.id(), now(), s, r, g.name()));
            if (r.status() == GateResult.Status.FAIL) {
                return gateFailed(rec, s, r, g.name());
            }
            if (r.status() == GateResult.Status.INCONCLUSIVE) {
                return rec;
            }
        }
        if (wave + 1 >= plan.waveCount()) {
            return move(rec, RolloutState.SUCCEEDED, wave, "every wave passed");
        }
        return startWave(rec, wave + 1);
    }

    private Duration bakeOf(int wave) {
        if (!plan.canaries().isEmpty()) {
            return wave == 0 ? plan.waves().get(0).bake() : plan.waves().get(wave - 1).bake();
        }
        WaveSpec w = plan.waves().get(wave);
        return w.bake();
    }

    private RolloutRecord gateFailed(RolloutRecord rec, WaveSummary s, GateResult r, String gate) {
        emit(new RolloutEvent.GateDecided(plan.id(), now(), s, r, gate));
        if (plan.rollback() == RollbackPolicy.AUTOMATIC) {
            return move(rec, RolloutState.ROLLING_BACK, rec.wave(), "wave " + rec.wave() + " failed: "
                    + r.evidence());
        }
        return move(rec, RolloutState.FAILED, rec.wave(), "wave " + rec.wave() + " failed: " + r.evidence());
    }

    // ---- rollback -------------------------------------------------------------------------------------------

    private static final DeviceState[] CHANGED = {DeviceState.APPLIED, DeviceState.SUCCEEDED, DeviceState.FAILED,
        DeviceState.TIMED_OUT};

    private RolloutRecord rollBack(RolloutRecord rec) {
        int budget = plan.pacing().maxInFlight();
        boolean left = false;
        for (int w = 0; w < plan.waveCount() && budget > 0; w++) {
            for (DeviceState s : CHANGED) {
                for (DeviceProgress d : store.devices(plan.id(), w, s, budget)) {
                    restore(d);
                    budget--;
                }
                left |= budget <= 0;
            }
        }
        if (left || budget <= 0) {
            return rec;
        }
        if (plan.strategy() == Strategy.JOBS && !rollBackJobs()) {
            return rec;
        }
        return move(rec, RolloutState.ROLLED_BACK, rec.wave(), "every changed device restored or in conflict");
    }

    /** Restores the previous values of one device where the rollout's are still in place. */
    private void restore(DeviceProgress d) {
        FleetClient hub = hub(d.wave());
        Twin twin;
        try {
            twin = hub.twins().get(d.device());
        } catch (DeviceNotFoundException gone) {
            decide(d, DeviceState.CONFLICT, "the device was deleted");
            return;
        }
        List<String> conflicts = new ArrayList<>();
        PropertyTree patch = restorePatch(twin, d.previous(), conflicts);
        if (!patch.isEmpty()) {
            try {
                hub.twins().patch(d.device(), TwinPatch.ofDesired(patch), twin.etag());
            } catch (PreconditionFailedException changed) {
                return; // read again on the next step
            }
        }
        if (conflicts.isEmpty()) {
            decide(d, DeviceState.ROLLED_BACK, "");
        } else {
            decide(d, DeviceState.CONFLICT, "changed since the rollout wrote it: " + String.join(", ", conflicts));
            emit(new RolloutEvent.RollbackConflict(plan.id(), now(), d.device(), conflicts));
        }
    }

    /**
     * A job mark's previous values at every changed path, JSON null where the mark holds none (the value was
     * absent): the patch that restores them, and a per-device record's {@code previous}.
     */
    private PropertyTree atChangedPaths(PropertyTree previous) {
        PropertyTree full = PropertyTree.empty();
        for (String path : changedPaths) {
            full = full.with(path, previous.get(path).orElse(JsonNull.INSTANCE));
        }
        return full;
    }

    /** The desired patch that restores a twin's previous values where the rollout's are in place. */
    private PropertyTree restorePatch(Twin twin, PropertyTree previousValues, List<String> conflicts) {
        PropertyTree patch = PropertyTree.empty();
        for (int i = 0; i < changedPaths.size(); i++) {
            String path = changedPaths.get(i);
            Object current = desiredAt(twin, path);
            Object previous = previousValues.get(path).orElse(JsonNull.INSTANCE);
            if (written.get(i).equals(current)) {
                if (!previous.equals(current)) {
                    patch = patch.with(path, previous);
                }
            } else if (!previous.equals(current)) {
                conflicts.add(path);
            }
        }
        return patch;
    }

    /**
     * Rolls back the devices hub jobs changed: one job per group of equal previous values (read from the mark's
     * {@code p}) whose condition also requires the values the rollout wrote, so the hub itself leaves values changed
     * since alone; then the devices the jobs left are restored or reported one by one.
     *
     * @return true when nothing is left to do
     */
    private boolean rollBackJobs() {
        int wave = plan.waveCount() - 1;
        if (!jobSettled(wave)) {
            return false;
        }
        Path p = verdicts.previousMark();
        Condition holds = Verdicts.holds(changedPaths, written);
        Condition scope = Condition.allOf(p.isDefined(), holds);
        List<PropertyTree> rows;
        try (Stream<PropertyTree> s = hub(wave).queries().streamRows("SELECT " + p.text() + " AS p, COUNT() AS n "
                + "FROM devices WHERE " + scope.text() + " GROUP BY " + p.text())) {
            rows = s.toList();
        }
        List<PropertyTree> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> a.getString("p").orElse("").compareTo(b.getString("p").orElse("")));
        for (PropertyTree row : sorted) {
            String prev = row.getString("p").orElse(null);
            if (prev == null) {
                continue;
            }
            String base = "fleetops-" + plan.id().value() + "-rb-" + Verdicts.sha256Hex(prev, 4);
            for (int round = 0; round < JOB_ROUNDS; round++) {
                String id = base + "-" + round;
                Optional<ScheduledJob> existing = hub(wave).jobs().find(id);
                if (existing.isEmpty()) {
                    Condition c = Condition.allOf(scope, p.eq(prev));
                    PropertyTree desired = atChangedPaths(PropertyTree.parse(prev));
                    PropertyTree tags = PropertyTree.builder().putNull(verdicts.tagPath() + ".p").build();
                    long before = count(wave, p.isDefined());
                    try {
                        hub(wave).jobs().scheduleTwinUpdate(id, c.text(), new TwinPatch(tags, desired), now(),
                                jobTime(row.getLong("n").orElse(0L)));
                    } catch (ThrottledException | QuotaExceededException busy) {
                        return false;
                    }
                    activeJob = id;
                    nextJobCheck = now().plus(expectedRun(row.getLong("n").orElse(0L)));
                    awaitMarked = -1;
                    awaitUnmarked = before;
                    emit(new RolloutEvent.JobScheduled(plan.id(), now(), wave, id, "rollback", c.text(),
                            row.getLong("n").orElse(0L)));
                    return false;
                }
                if (!existing.get().status().isFinal()) {
                    activeJob = id;
                    return false;
                }
            }
        }
        // what the jobs left: values changed since (conflicts), or devices a job could not reach
        List<DeviceId> leftOver = new ArrayList<>();
        try (Stream<PropertyTree> s = hub(wave).queries().streamRows("SELECT deviceId FROM devices WHERE "
                + p.isDefined().text())) {
            s.forEach(r -> leftOver.add(DeviceId.of(r.getString("deviceId").orElseThrow())));
        }
        for (DeviceId id : leftOver) {
            if (store.device(plan.id(), id).isPresent()) {
                continue;
            }
            Optional<Twin> twin = hub(wave).twins().find(id);
            if (twin.isEmpty()) {
                continue;
            }
            Object prevText = twin.get().tags().get(verdicts.tagPath() + ".p").orElse(null);
            int w = twin.get().tags().getLong(verdicts.tagPath() + ".w").map(Long::intValue).orElse(0);
            PropertyTree full = atChangedPaths(prevText instanceof String ? PropertyTree.parse((String) prevText)
                    : PropertyTree.empty());
            List<String> conflicts = new ArrayList<>();
            PropertyTree patch = restorePatch(twin.get(), full, conflicts);
            DeviceProgress rec = new DeviceProgress(id, w, DeviceState.FAILED, full, null, null, "");
            if (!patch.isEmpty()) {
                try {
                    hub(w).twins().patch(id, new TwinPatch(PropertyTree.builder().putNull(verdicts.tagPath() + ".p")
                            .build(), patch), twin.get().etag());
                } catch (PreconditionFailedException changed) {
                    return false;
                }
            }
            if (conflicts.isEmpty()) {
                save(rec.moveTo(DeviceState.ROLLED_BACK, "restored one by one"));
            } else {
                decide(rec, DeviceState.CONFLICT, "changed since the rollout wrote it: " + String.join(", ",
                        conflicts));
                emit(new RolloutEvent.RollbackConflict(plan.id(), now(), id, conflicts));
            }
        }
        return true;
    }

    // ---- store, events, throttling --------------------------------------------------------------------------

    private DeviceProgress save(DeviceProgress d) {
        store.saveDevices(plan.id(), List.of(d));
        return d;
    }

    /**
     * Moves the rollout to a state, compare-and-set on the store; emits the change.
     *
     * @param rec the record read
     * @param state the new state
     * @param wave the wave
     * @param reason why
     * @return the stored record (the store's own when another writer won)
     */
    public RolloutRecord move(RolloutRecord rec, RolloutState state, int wave, String reason) {
        RolloutRecord next = rec.moveTo(state, wave, now(), reason);
        if (!store.update(next, rec.version())) {
            LOG.debug("rollout={} moved by another writer; reading it again", plan.id());
            return store.find(plan.id()).orElse(rec);
        }
        emit(new RolloutEvent.StateChanged(plan.id(), now(), rec.state(), state, wave, reason));
        return next;
    }

    /** Emits a {@link RolloutEvent.Throttled} for each quota class the client was throttled in since the last step. */
    private void surfaceThrottling() {
        for (Map.Entry<OperationClass, CallStatistics> e : client.statistics().byOperation().entrySet()) {
            long before = throttledSeen.getOrDefault(e.getKey(), 0L);
            long throttled = e.getValue().throttled();
            if (throttled > before) {
                emit(new RolloutEvent.Throttled(plan.id(), now(), e.getKey().name(), throttled - before));
            }
            throttledSeen.put(e.getKey(), throttled);
        }
    }

    private void emit(RolloutEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("rollout={} listener threw {}", plan.id(), ex.toString());
        }
    }
}
