package dev.fleetops.rollout.model;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.Condition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a rollout does, fixed before it begins: which devices (a query condition), what change (a patch of desired
 * properties), in which waves, how each device is judged, when a wave passes, what happens when one fails, how fast
 * it may go, when devices may be touched, and what to do with devices that are offline.
 *
 * <p>A plan is built with {@link #builder(RolloutId)}; {@link Builder#build()} refuses a plan with errors (all of
 * them at once, each naming its field) and keeps the warnings ({@link #warnings()}), which {@link #check(long)}
 * makes precise once the number of target devices is known. {@link #contentHash()} identifies the plan's content:
 * attaching to a rollout with a different plan under the same id is refused.
 *
 * <p>Immutable and thread-safe (health gates must be thread-safe too).
 *
 * @param id the rollout's name
 * @param target the condition selecting the devices, in canonical form
 * @param change the desired properties to write (JSON null removes a property)
 * @param waves the waves after the canaries, in order
 * @param canaries devices patched first, as wave 0, whatever the target says (they must match it)
 * @param verdict how each device is judged
 * @param gates when a wave passes
 * @param rollback what happens when a wave fails
 * @param pacing how fast the rollout may go
 * @param window when devices may be changed; {@link MaintenanceWindow#ALWAYS} for any time
 * @param offline what to do with devices that are not connected
 * @param strategy how the change is written
 * @param stratifyBy a tag path (below {@code tags}) whose values each wave represents in proportion, or empty
 */
public record RolloutPlan(RolloutId id, String target, PropertyTree change, List<WaveSpec> waves,
                          List<DeviceId> canaries, Verdict verdict, Gates gates, RollbackPolicy rollback,
                          Pacing pacing, MaintenanceWindow window, OfflinePolicy offline, Strategy strategy,
                          String stratifyBy) {

    /**
     * Copies the lists and checks that nothing is null and the target parses; the plan's rules are checked by
     * {@link Builder#build()} and {@link #problems()}.
     *
     * @param id the rollout's name
     * @param target the target condition
     * @param change the desired properties to write
     * @param waves the waves
     * @param canaries the canary devices
     * @param verdict the verdict
     * @param gates the gates
     * @param rollback the rollback policy
     * @param pacing the pacing
     * @param window the maintenance window
     * @param offline the offline policy
     * @param strategy the strategy
     * @param stratifyBy the stratifying tag path, or empty
     * @throws NullPointerException if a component is null
     * @throws dev.fleetops.core.error.InvalidQueryException if the target is not a condition IoT Hub accepts
     */
    public RolloutPlan {
        Objects.requireNonNull(id, "id");
        target = CompiledCondition.of(Objects.requireNonNull(target, "target")).text();
        Objects.requireNonNull(change, "change");
        waves = List.copyOf(waves);
        canaries = List.copyOf(canaries);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(offline, "offline");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(stratifyBy, "stratifyBy");
    }

    /**
     * Returns a builder with the defaults: strict gates, automatic rollback, default pacing, no window, offline
     * devices patched, per-device strategy, no stratification.
     *
     * @param id the rollout's name
     * @return the builder (not thread-safe)
     */
    public static Builder builder(RolloutId id) {
        return new Builder(id);
    }

    /**
     * Returns the number of waves including the canary wave when there are canaries.
     *
     * @return at least the number of {@link #waves()}
     */
    public int waveCount() {
        return waves.size() + (canaries.isEmpty() ? 0 : 1);
    }

    /**
     * Returns the plan's errors and warnings, without knowing the fleet.
     *
     * @return the problems, errors first
     */
    public List<PlanProblem> problems() {
        return check(-1);
    }

    /**
     * Returns the plan's warnings (a valid plan has no errors).
     *
     * @return the warnings
     */
    public List<PlanProblem> warnings() {
        return problems().stream().filter(p -> p.severity() == PlanProblem.Severity.WARNING).toList();
    }

    /**
     * Checks the plan against a fleet of {@code targetDevices} matching devices: wave sizes become known, so a
     * failure budget that a wave's first failure would exhaust, or a minimum sample a wave cannot reach, is found.
     *
     * @param targetDevices how many devices match the target; negative when unknown
     * @return the problems, errors first
     */
    public List<PlanProblem> check(long targetDevices) {
        List<PlanProblem> errors = new ArrayList<>();
        List<PlanProblem> warnings = new ArrayList<>();
        checkChange(errors);
        if (waves.isEmpty()) {
            errors.add(error("waves", "a plan needs at least one wave"));
        }
        double last = 0;
        for (int i = 0; i < waves.size(); i++) {
            WaveSpec w = waves.get(i);
            if (w.isPercent()) {
                if (w.percent() <= last) {
                    errors.add(error("waves[" + i + "]", "percent waves are cumulative and must grow: "
                            + pct(w.percent()) + " does not exceed the " + pct(last) + " before it"));
                }
                last = Math.max(last, w.percent());
            }
        }
        boolean anyPercent = waves.stream().anyMatch(WaveSpec::isPercent);
        if (anyPercent && last < 100) {
            warnings.add(warning("waves", "the last percent wave reaches " + pct(last) + " of the target; the other "
                    + pct(100 - last) + " will not be changed"));
        }
        Set<DeviceId> seen = new LinkedHashSet<>();
        for (int i = 0; i < canaries.size(); i++) {
            if (!seen.add(canaries.get(i))) {
                errors.add(error("canaries[" + i + "]", "device '" + canaries.get(i) + "' is listed twice"));
            }
        }
        for (Integer w : gates.approvalBefore()) {
            if (w >= waveCount()) {
                errors.add(error("gates.approvalBefore", "wave " + w + " does not exist; the plan has "
                        + waveCount() + " waves (0 to " + (waveCount() - 1) + ")"));
            }
        }
        if (gates.successThreshold() > 1 - gates.failureRatio() + 1e-12 && gates.failureRatio() > 0) {
            warnings.add(warning("gates.successThreshold", "a success threshold of "
                    + pct(gates.successThreshold() * 100) + " leaves room for fewer failures than the failure ratio of "
                    + pct(gates.failureRatio() * 100) + " tolerates: a wave with tolerated failures still fails"));
        }
        if (!stratifyBy.isEmpty()) {
            try {
                dev.fleetops.core.model.PropertyPath.parse(stratifyBy);
            } catch (IllegalArgumentException e) {
                errors.add(error("stratifyBy", e.getMessage()));
            }
        }
        if (strategy == Strategy.JOBS) {
            if (!stratifyBy.isEmpty()) {
                warnings.add(warning("stratifyBy", "with jobs, waves are ranges of the bucket tag, a uniform hash of "
                        + "the device id: every stratum is represented in proportion only on average, and "
                        + "stratifyBy applies to the devices patched one by one"));
            }
            if (!window.equals(MaintenanceWindow.ALWAYS)) {
                warnings.add(warning("window", "with jobs, a wave's jobs start inside the window but the hub runs "
                        + "them to the end (at the tier's job rate: 10 devices a second on S1), possibly past it"));
            }
            for (int i = 0; i < waves.size() && targetDevices > 0; i++) {
                WaveSpec w = waves.get(i);
                if (!w.isPercent() && w.count() * 1000L < targetDevices) {
                    warnings.add(warning("waves[" + i + "]", "with jobs, a wave is rounded up to whole buckets of "
                            + "0.1% of the target (" + (targetDevices + 999) / 1000 + " devices here), more than its "
                            + "count of " + w.count() + "; pin canaries for a wave of exact devices"));
                }
            }
        }
        List<Long> sizes = waveSizes(targetDevices);
        for (int i = 0; i < sizes.size(); i++) {
            long n = sizes.get(i);
            if (n < 0) {
                continue;
            }
            String field = waveField(i);
            if (n == 0) {
                warnings.add(warning(field, "wave " + i + " holds no device"));
                continue;
            }
            if (gates.minimumSample() > n) {
                errors.add(error(field, "wave " + i + " has " + n + " devices but the gates need a sample of "
                        + gates.minimumSample() + ": it could never be judged"));
            }
            long toleratedByRatio = (long) Math.floor(gates.failureRatio() * n + 1e-9);
            if (gates.failureRatio() > 0 && toleratedByRatio == 0) {
                warnings.add(warning(field, "wave " + i + " has " + n + " devices: a failure ratio of "
                        + pct(gates.failureRatio() * 100) + " tolerates none of them, so its first failure fails the"
                        + " wave"));
            }
        }
        List<PlanProblem> all = new ArrayList<>(errors);
        all.addAll(warnings);
        return List.copyOf(all);
    }

    private String waveField(int wave) {
        if (!canaries.isEmpty()) {
            return wave == 0 ? "canaries" : "waves[" + (wave - 1) + "]";
        }
        return "waves[" + wave + "]";
    }

    /**
     * Returns the number of devices of each wave (canaries first), or -1 for a wave whose size needs the fleet.
     *
     * @param targetDevices how many devices match the target, negative when unknown
     * @return the sizes, one per wave
     */
    public List<Long> waveSizes(long targetDevices) {
        return waveSizes(targetDevices, canaries.size());
    }

    /**
     * Returns the number of devices of each wave when only some of the pinned canaries match the target.
     *
     * @param targetDevices how many devices match the target (canaries included), negative when unknown
     * @param canariesInTarget how many of the canaries match the target, 0 to {@code canaries().size()}
     * @return the sizes, one per wave (canaries first when the plan has them)
     * @throws IllegalArgumentException if {@code canariesInTarget} is out of range
     */
    public List<Long> waveSizes(long targetDevices, int canariesInTarget) {
        if (canariesInTarget < 0 || canariesInTarget > canaries.size()) {
            throw new IllegalArgumentException("canariesInTarget is " + canariesInTarget + "; the plan pins "
                    + canaries.size());
        }
        List<Long> out = new ArrayList<>();
        long assigned = 0;
        if (!canaries.isEmpty()) {
            out.add((long) canariesInTarget);
            assigned = canariesInTarget;
        }
        for (WaveSpec w : waves) {
            if (w.isPercent()) {
                if (targetDevices < 0) {
                    out.add(-1L);
                    continue;
                }
                long upTo = (long) Math.ceil(targetDevices * w.percent() / 100 - 1e-9);
                long n = Math.max(0, Math.min(targetDevices, upTo) - assigned);
                out.add(n);
                assigned += n;
            } else {
                long n = targetDevices < 0 ? w.count() : Math.max(0, Math.min(w.count(), targetDevices - assigned));
                out.add(n);
                assigned += n;
            }
        }
        return List.copyOf(out);
    }

    private void checkChange(List<PlanProblem> errors) {
        if (change.isEmpty()) {
            errors.add(error("change", "the change is empty: a rollout writes at least one desired property"));
        }
        change.forEach((key, value) -> {
            if (key.startsWith("$")) {
                errors.add(error("change." + key, "'" + key + "' is the hub's own; a rollout cannot write it"));
            }
        });
    }

    /** A percentage as people write it: 50%, 2.5%, 0.01%. */
    private static String pct(double percent) {
        return java.math.BigDecimal.valueOf(percent).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString() + "%";
    }

    private static PlanProblem error(String field, String message) {
        return new PlanProblem(PlanProblem.Severity.ERROR, field, message);
    }

    private static PlanProblem warning(String field, String message) {
        return new PlanProblem(PlanProblem.Severity.WARNING, field, message);
    }

    /**
     * Returns the SHA-256 of the plan's content, in hex: equal for equal plans (health gates by name), different
     * when anything that changes what the rollout does differs.
     *
     * @return 64 hex digits
     */
    public String contentHash() {
        StringBuilder sb = new StringBuilder();
        sb.append("id=").append(id.value()).append('\n');
        sb.append("target=").append(target).append('\n');
        sb.append("change=").append(change.toJson()).append('\n');
        for (WaveSpec w : waves) {
            sb.append("wave=").append(w.isPercent() ? "percent:" + w.percent() : "count:" + w.count())
                    .append(" bake=").append(w.bake()).append('\n');
        }
        canaries.forEach(c -> sb.append("canary=").append(c.value()).append('\n'));
        sb.append("verdict=").append(verdict.success()).append(" | ").append(verdict.failure()).append(" | ")
                .append(verdict.soak()).append(" | ").append(verdict.timeout()).append('\n');
        sb.append("gates=").append(gates.minimumSample()).append(',').append(gates.failureBudget()).append(',')
                .append(gates.failureRatio()).append(',').append(gates.successThreshold()).append(',')
                .append(gates.approvalBefore()).append('\n');
        gates.healthGates().forEach(g -> sb.append("healthGate=").append(g.name()).append('\n'));
        sb.append("rollback=").append(rollback).append('\n');
        sb.append("pacing=").append(pacing.maxInFlight()).append(',').append(pacing.quotaShare()).append(',')
                .append(pacing.evaluationPeriod()).append('\n');
        sb.append("window=").append(window.zone()).append(',').append(new java.util.TreeSet<>(window.days()))
                .append(',').append(window.start()).append(',').append(window.length()).append('\n');
        sb.append("offline=").append(offline).append('\n');
        sb.append("strategy=").append(strategy).append('\n');
        sb.append("stratifyBy=").append(stratifyBy).append('\n');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Builds {@link RolloutPlan}s. Not thread-safe. */
    public static final class Builder {
        private final RolloutId id;
        private String target;
        private PropertyTree change = PropertyTree.empty();
        private final List<WaveSpec> waves = new ArrayList<>();
        private final List<DeviceId> canaries = new ArrayList<>();
        private Verdict verdict;
        private Gates gates = Gates.strict();
        private RollbackPolicy rollback = RollbackPolicy.AUTOMATIC;
        private Pacing pacing = Pacing.defaults();
        private MaintenanceWindow window = MaintenanceWindow.ALWAYS;
        private OfflinePolicy offline = OfflinePolicy.PATCH;
        private Strategy strategy = Strategy.PER_DEVICE;
        private String stratifyBy = "";

        private Builder(RolloutId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * Sets the target from a typed condition.
         *
         * @param condition the devices to change
         * @return this builder
         */
        public Builder target(Condition condition) {
            this.target = condition.text();
            return this;
        }

        /**
         * Sets the target from condition text.
         *
         * @param condition the devices to change, for example {@code tags.model = 'th-100'}
         * @return this builder
         */
        public Builder target(String condition) {
            this.target = Objects.requireNonNull(condition, "target");
            return this;
        }

        /**
         * Sets one desired property the rollout writes (added to those set before).
         *
         * @param path a dotted path below {@code properties.desired}
         * @param value the value; null removes the property
         * @return this builder
         */
        public Builder desired(String path, Object value) {
            this.change = value == null ? change.with(path, JsonNull.INSTANCE) : change.with(path, value);
            return this;
        }

        /**
         * Sets the whole change from a twin patch, which must hold desired properties only.
         *
         * @param patch the patch
         * @return this builder
         * @throws IllegalArgumentException if the patch holds tags
         */
        public Builder change(TwinPatch patch) {
            if (!patch.tags().isEmpty()) {
                throw new IllegalArgumentException("change: a rollout writes desired properties; the patch holds tags "
                        + patch.tags().keys());
            }
            this.change = patch.desired();
            return this;
        }

        /**
         * Adds a wave.
         *
         * @param wave the wave
         * @return this builder
         */
        public Builder wave(WaveSpec wave) {
            waves.add(Objects.requireNonNull(wave, "wave"));
            return this;
        }

        /**
         * Pins canary devices, patched first as wave 0.
         *
         * @param devices the devices
         * @return this builder
         */
        public Builder canaries(DeviceId... devices) {
            canaries.addAll(List.of(devices));
            return this;
        }

        /**
         * Sets the verdict (required).
         *
         * @param v the verdict
         * @return this builder
         */
        public Builder verdict(Verdict v) {
            this.verdict = Objects.requireNonNull(v, "verdict");
            return this;
        }

        /**
         * Sets the gates.
         *
         * @param g the gates
         * @return this builder
         */
        public Builder gates(Gates g) {
            this.gates = Objects.requireNonNull(g, "gates");
            return this;
        }

        /**
         * Sets the rollback policy.
         *
         * @param p the policy
         * @return this builder
         */
        public Builder rollback(RollbackPolicy p) {
            this.rollback = Objects.requireNonNull(p, "rollback");
            return this;
        }

        /**
         * Sets the pacing.
         *
         * @param p the pacing
         * @return this builder
         */
        public Builder pacing(Pacing p) {
            this.pacing = Objects.requireNonNull(p, "pacing");
            return this;
        }

        /**
         * Sets the maintenance window.
         *
         * @param w the window
         * @return this builder
         */
        public Builder window(MaintenanceWindow w) {
            this.window = Objects.requireNonNull(w, "window");
            return this;
        }

        /**
         * Sets what happens to offline devices.
         *
         * @param p the policy
         * @return this builder
         */
        public Builder offline(OfflinePolicy p) {
            this.offline = Objects.requireNonNull(p, "offline");
            return this;
        }

        /**
         * Sets the strategy.
         *
         * @param s the strategy
         * @return this builder
         */
        public Builder strategy(Strategy s) {
            this.strategy = Objects.requireNonNull(s, "strategy");
            return this;
        }

        /**
         * Stratifies waves by a tag: each wave takes its share of every value of the tag.
         *
         * @param tagPath a dotted path below {@code tags}, for example {@code region}
         * @return this builder
         */
        public Builder stratifyBy(String tagPath) {
            this.stratifyBy = Objects.requireNonNull(tagPath, "stratifyBy");
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan, with its warnings in {@link RolloutPlan#warnings()}
         * @throws InvalidPlanException listing every error, each with its field, when the plan cannot run
         * @throws dev.fleetops.core.error.InvalidQueryException if the target is not a valid condition
         */
        public RolloutPlan build() {
            List<PlanProblem> missing = new ArrayList<>();
            if (target == null) {
                missing.add(error("target", "no target: set the condition that selects the devices"));
            }
            if (verdict == null) {
                missing.add(error("verdict", "no verdict: set how a device proves the change"));
            }
            if (!missing.isEmpty()) {
                throw new InvalidPlanException(id, missing);
            }
            RolloutPlan plan = new RolloutPlan(id, target, change, waves, canaries, verdict, gates, rollback, pacing,
                    window, offline, strategy, stratifyBy);
            List<PlanProblem> errors = plan.problems().stream()
                    .filter(p -> p.severity() == PlanProblem.Severity.ERROR).toList();
            if (!errors.isEmpty()) {
                throw new InvalidPlanException(id, errors);
            }
            return plan;
        }
    }
}
