package dev.fleetops.rollout.internal;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.CompiledCondition;
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
import dev.fleetops.rollout.model.WaveSpec;
import dev.fleetops.rollout.model.WaveSummary;
import dev.fleetops.rollout.spi.RolloutStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Moves one rollout forward by a bounded step, level-triggered: it reads the store and the twins, does what the
 * state calls for, and writes the store before and after every change to a twin, so that a step interrupted at
 * any point is finished by the next one (on this engine or on one attached after a restart) without patching a
 * device twice. Not thread-safe: one step at a time per rollout (the manager serialises them).
 */
public final class RolloutEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final FleetClient client;
    private final RolloutStore store;
    private final RolloutPlan plan;
    private final Consumer<RolloutEvent> events;
    private final CompiledCondition success;
    private final CompiledCondition failure;
    private final List<String> changedPaths;
    /** The value the rollout writes at each of {@link #changedPaths}, JSON null for a removal. */
    private final List<Object> written;
    /** The client view of each wave: its audit context carries {@code rollout=} and {@code wave=}. */
    private final java.util.Map<Integer, FleetClient> views = new java.util.HashMap<>();

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
        this.success = CompiledCondition.of(plan.verdict().success());
        this.failure = CompiledCondition.of(plan.verdict().failure());
        this.changedPaths = leafPaths(plan.change());
        this.written = changedPaths.stream().map(p -> plan.change().get(p).orElse(JsonNull.INSTANCE)).toList();
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
        switch (rec.state()) {
            case PLANNED:
                return plan(rec);
            case AWAITING_APPROVAL:
                return rec.approvedWave() >= rec.wave() ? startWave(rec, rec.wave()) : rec;
            case RUNNING:
                return run(rec, true);
            case PAUSED:
                return run(rec, false);
            case BAKING:
                return bake(rec);
            case ROLLING_BACK:
                return rollBack(rec);
            default:
                return rec;
        }
    }

    // ---- planning -------------------------------------------------------------------------------------------

    private RolloutRecord plan(RolloutRecord rec) {
        List<WaveAssignment.Candidate> candidates = new ArrayList<>();
        PropertyPath stratum = plan.stratifyBy().isEmpty() ? null : PropertyPath.parse(plan.stratifyBy());
        try (Stream<Twin> twins = hub(0).queries().streamTwins("SELECT * FROM devices WHERE " + plan.target())) {
            twins.filter(t -> !t.isModuleTwin()).forEach(t -> candidates.add(new WaveAssignment.Candidate(
                    t.deviceId(), stratum == null ? "" : t.tags().get(stratum).map(String::valueOf).orElse(""))));
        }
        WaveAssignment.Result waves = WaveAssignment.assign(plan, candidates);
        List<DeviceProgress> progress = new ArrayList<>();
        for (int w = 0; w < waves.waves().size(); w++) {
            for (DeviceId d : waves.waves().get(w)) {
                progress.add(DeviceProgress.pending(d, w));
            }
        }
        store.saveDevices(plan.id(), progress);
        return startWave(rec, 0);
    }

    private RolloutRecord startWave(RolloutRecord rec, int wave) {
        if (plan.gates().approvalBefore().contains(wave) && rec.approvedWave() < wave) {
            return move(rec, RolloutState.AWAITING_APPROVAL, wave, "wave " + wave + " waits for approval");
        }
        RolloutRecord next = move(rec, RolloutState.RUNNING, wave, "wave " + wave + " started");
        long size = store.devices(plan.id()).stream().filter(d -> d.wave() == wave).count();
        emit(new RolloutEvent.WaveStarted(plan.id(), now(), wave, (int) size));
        return next;
    }

    // ---- running a wave -------------------------------------------------------------------------------------

    private RolloutRecord run(RolloutRecord rec, boolean patchNew) {
        int wave = rec.wave();
        // read once; every change below replaces its entry, so the list stays what the store holds
        List<DeviceProgress> devices = new ArrayList<>(waveDevices(wave));
        int inFlight = 0;
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).state() == DeviceState.APPLIED) {
                devices.set(i, watch(devices.get(i)));
            }
        }
        WaveSummary summary = summary(wave, devices);
        if (budgetExceeded(summary)) {
            return gateFailed(rec, summary, GateResult.fail(failureEvidence(summary)), "gates");
        }
        for (DeviceProgress d : devices) {
            if (d.state() == DeviceState.APPLIED) {
                inFlight++;
            }
        }
        if (patchNew && plan.window().isOpen(now())) {
            for (int i = 0; i < devices.size() && inFlight < plan.pacing().maxInFlight(); i++) {
                if (devices.get(i).state() == DeviceState.PENDING) {
                    devices.set(i, apply(devices.get(i)));
                    if (devices.get(i).state() == DeviceState.APPLIED) {
                        inFlight++;
                    }
                }
            }
        }
        boolean done = devices.stream().allMatch(d -> d.state().isDecided() || d.state() == DeviceState.SKIPPED);
        if (done && rec.state() == RolloutState.RUNNING) {
            return move(rec, RolloutState.BAKING, wave, "wave " + wave + " has its verdicts");
        }
        return rec;
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
        DeviceProgress recorded = d;
        if (d.previous().isEmpty()) {
            // before anything changes: what the twin held at each path the rollout writes
            PropertyTree previous = PropertyTree.empty();
            for (String path : changedPaths) {
                previous = previous.with(path, desiredAt(twin, path));
            }
            recorded = save(d.withPrevious(previous));
        } else if (holdsChange(twin)) {
            // patched by a step that stopped before it could say so: not patched again
            return markApplied(recorded);
        }
        try {
            hub.twins().patch(d.device(), TwinPatch.ofDesired(plan.change()), twin.etag());
        } catch (PreconditionFailedException changed) {
            return recorded; // the twin changed between the read and the patch: the next step reads it again
        }
        return markApplied(recorded);
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

    /** Whether the twin's desired properties hold every value the rollout writes. */
    private boolean holdsChange(Twin twin) {
        for (int i = 0; i < changedPaths.size(); i++) {
            if (!written.get(i).equals(desiredAt(twin, changedPaths.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** Judges an applied device from its twin; returns its progress after. */
    private DeviceProgress watch(DeviceProgress d) {
        Twin twin;
        try {
            twin = hub(d.wave()).twins().get(d.device());
        } catch (DeviceNotFoundException gone) {
            return decide(d, DeviceState.FAILED, "the device was deleted during the rollout");
        }
        Instant now = now();
        if (failure.matches(twin)) {
            return decide(d, DeviceState.FAILED, "its failure condition holds: " + plan.verdict().failure());
        }
        if (success.matches(twin)) {
            Instant since = d.successSince() == null ? now : d.successSince();
            if (!now.isBefore(since.plus(plan.verdict().soak()))) {
                return decide(d.successSince(since), DeviceState.SUCCEEDED, "");
            }
            if (d.successSince() == null) {
                d = save(d.successSince(since));
            }
        } else if (d.successSince() != null) {
            d = save(d.successSince(null)); // the streak broke: the soak starts over
        }
        if (d.applied().isPresent() && !now.isBefore(d.applied().get().plus(plan.verdict().timeout()))) {
            return decide(d, DeviceState.TIMED_OUT, "no verdict within " + plan.verdict().timeout());
        }
        return d;
    }

    private DeviceProgress decide(DeviceProgress d, DeviceState state, String note) {
        DeviceProgress decided = save(d.moveTo(state, note));
        emit(new RolloutEvent.DeviceChanged(plan.id(), now(), d.device(), d.wave(), state, note));
        return decided;
    }

    // ---- gates ----------------------------------------------------------------------------------------------

    private WaveSummary summary(int wave, List<DeviceProgress> devices) {
        long succeeded = 0;
        long failed = 0;
        long timedOut = 0;
        long skipped = 0;
        for (DeviceProgress d : devices) {
            switch (d.state()) {
                case SUCCEEDED:
                    succeeded++;
                    break;
                case FAILED:
                    failed++;
                    break;
                case TIMED_OUT:
                    timedOut++;
                    break;
                case SKIPPED:
                    skipped++;
                    break;
                default:
                    break;
            }
        }
        return new WaveSummary(plan.id(), wave, devices.size(), succeeded, failed, timedOut, skipped, now());
    }

    private boolean budgetExceeded(WaveSummary s) {
        long bad = s.failed() + s.timedOut();
        long sample = Math.min(plan.gates().minimumSample(), s.devices() - s.skipped());
        return bad > plan.gates().failureBudget()
                || (s.decided() >= Math.max(1, sample) && s.failureRatio() > plan.gates().failureRatio());
    }

    private String failureEvidence(WaveSummary s) {
        return (s.failed() + s.timedOut()) + " of " + s.decided() + " decided devices failed or timed out (budget "
                + plan.gates().failureBudget() + ", ratio " + plan.gates().failureRatio() + ")";
    }

    private RolloutRecord bake(RolloutRecord rec) {
        int wave = rec.wave();
        Duration bake = bakeOf(wave);
        if (now().isBefore(rec.since().plus(bake))) {
            return rec;
        }
        List<DeviceProgress> devices = waveDevices(wave);
        WaveSummary s = summary(wave, devices);
        if (budgetExceeded(s)) {
            return gateFailed(rec, s, GateResult.fail(failureEvidence(s)), "gates");
        }
        long judged = s.devices() - s.skipped();
        // a wave with fewer devices to judge than the minimum sample is judged once all of them are decided
        long sample = Math.min(plan.gates().minimumSample(), judged);
        if (judged > 0 && s.decided() < sample) {
            GateResult r = GateResult.inconclusive(s.decided() + " decided devices, the gates need " + sample);
            emit(new RolloutEvent.GateDecided(plan.id(), now(), s, r, "gates"));
            return rec;
        }
        if (judged > 0 && s.succeeded() < Math.ceil(plan.gates().successThreshold() * judged - 1e-9)) {
            return gateFailed(rec, s, GateResult.fail(s.succeeded() + " of " + judged + " devices verified; the "
                    + "threshold is " + plan.gates().successThreshold()), "gates");
        }
        emit(new RolloutEvent.GateDecided(plan.id(), now(), s, GateResult.pass(s.succeeded() + " of " + judged
                + " verified, " + (s.failed() + s.timedOut()) + " failed"), "gates"));
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

    private RolloutRecord rollBack(RolloutRecord rec) {
        int budget = plan.pacing().maxInFlight();
        for (DeviceProgress d : store.devices(plan.id())) {
            if (budget <= 0) {
                return rec;
            }
            if (d.state().wasChanged()) {
                restore(d);
                budget--;
            }
        }
        boolean left = store.devices(plan.id()).stream().anyMatch(d -> d.state().wasChanged());
        return left ? rec : move(rec, RolloutState.ROLLED_BACK, rec.wave(), "every changed device restored or in"
                + " conflict");
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
        PropertyTree patch = PropertyTree.empty();
        List<String> conflicts = new ArrayList<>();
        for (int i = 0; i < changedPaths.size(); i++) {
            String path = changedPaths.get(i);
            Object current = desiredAt(twin, path);
            Object previous = d.previous().get(path).orElse(JsonNull.INSTANCE);
            if (written.get(i).equals(current)) {
                if (!previous.equals(current)) {
                    patch = patch.with(path, previous);
                }
            } else if (!previous.equals(current)) {
                conflicts.add(path);
            }
        }
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

    // ---- store and events -----------------------------------------------------------------------------------

    private List<DeviceProgress> waveDevices(int wave) {
        return store.devices(plan.id()).stream().filter(d -> d.wave() == wave).toList();
    }

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

    private void emit(RolloutEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("rollout={} listener threw {}", plan.id(), ex.toString());
        }
    }
}
