package dev.fleetops.rollout.internal;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Path;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.WaveSpec;

/**
 * The buckets each wave of a job-strategy rollout covers. The {@value RolloutBucket#COUNT} buckets are taken in a
 * rotated order that starts at a position derived from the rollout id (so that two rollouts do not share their
 * first waves), and wave {@code k} covers the next buckets up to its cumulative share of the bucketed target:
 * {@code ceil(1000 × cumulative / bucketed)}, so a wave's size is rounded up to whole buckets (0.1% of the target
 * each). Computed from the plan and the bucketed target count persisted at planning, so the same after a restart.
 * Immutable and thread-safe.
 */
final class JobWaves {

    private static final Path BUCKET = Path.tag(RolloutBucket.TAG);

    private final RolloutPlan plan;
    private final long bucketed;
    private final int start;
    /** The end position (exclusive) of each plan wave, canaries excluded. */
    private final int[] ends;

    JobWaves(RolloutPlan plan, long bucketed) {
        this.plan = plan;
        this.bucketed = bucketed;
        this.start = (int) Math.floor(WaveAssignment.position(plan.id(), DeviceId.of("fleetops-bucket-rotation"))
                * RolloutBucket.COUNT);
        this.ends = new int[plan.waves().size()];
        long cumulative = 0;
        int previous = 0;
        for (int i = 0; i < ends.length; i++) {
            WaveSpec w = plan.waves().get(i);
            cumulative = w.isPercent() ? Math.max(cumulative, (long) Math.ceil(bucketed * w.percent() / 100 - 1e-9))
                    : cumulative + w.count();
            cumulative = Math.min(cumulative, bucketed);
            int end = bucketed == 0 ? 0 : (int) Math.min(RolloutBucket.COUNT,
                    (long) Math.ceil((double) RolloutBucket.COUNT * cumulative / bucketed - 1e-9));
            end = Math.max(previous, end);
            ends[i] = end;
            previous = end;
        }
    }

    private int planWave(int wave) {
        return plan.canaries().isEmpty() ? wave : wave - 1;
    }

    /**
     * Returns the condition on {@code tags.fleetops.bucket} of a wave's buckets.
     *
     * @param wave the wave (the canary wave, if any, has none)
     * @return the condition, or null when the wave covers no bucket
     */
    Condition range(int wave) {
        int i = planWave(wave);
        if (i < 0 || i >= ends.length) {
            return null;
        }
        int lo = i == 0 ? 0 : ends[i - 1];
        int hi = ends[i];
        if (lo >= hi) {
            return null;
        }
        int a = start + lo;
        int b = start + hi;
        int n = RolloutBucket.COUNT;
        if (b <= n) {
            return Condition.allOf(BUCKET.ge((long) a), BUCKET.lt((long) b));
        }
        if (a >= n) {
            return Condition.allOf(BUCKET.ge((long) (a - n)), BUCKET.lt((long) (b - n)));
        }
        return Condition.anyOf(Condition.allOf(BUCKET.ge((long) a), BUCKET.lt((long) n)),
                Condition.allOf(BUCKET.ge(0L), BUCKET.lt((long) (b - n))));
    }

    /**
     * Returns how many bucketed devices a wave is expected to hold (the hash spreads devices over buckets evenly).
     *
     * @param wave the wave
     * @return the expected count, 0 for a wave without buckets
     */
    long plannedSize(int wave) {
        int i = planWave(wave);
        if (i < 0 || i >= ends.length) {
            return 0;
        }
        int lo = i == 0 ? 0 : ends[i - 1];
        return Math.round((double) bucketed * (ends[i] - lo) / RolloutBucket.COUNT);
    }
}
