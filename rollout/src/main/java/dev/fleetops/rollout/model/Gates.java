package dev.fleetops.rollout.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a wave passes. After its bake time a wave is judged once at least {@code minimumSample} of its devices have
 * a final verdict (see {@link WaveSummary#decided()}), or all of them when it holds fewer (skipped devices aside);
 * it fails when its failed and timed-out devices exceed {@code failureBudget} or their share of the decided devices
 * exceeds {@code failureRatio}; it passes when its verified devices reach {@code successThreshold} of the wave's devices (skipped ones excluded) and every
 * {@linkplain HealthGate health gate} passes. A wave listed in {@code approvalBefore} waits for an operator's
 * approval before it starts. Immutable and thread-safe.
 *
 * @param minimumSample how many decided devices a wave needs before it is judged; at least 1
 * @param failureBudget how many failed or timed-out devices a wave tolerates (more fails it); zero or more
 * @param failureRatio the largest tolerated share of failed and timed-out devices among the decided ones, 0 to 1
 * @param successThreshold the share of the wave's devices (not skipped) that must be verified, 0 to 1
 * @param approvalBefore the indexes of the waves that wait for approval before starting (0 is the first)
 * @param healthGates the checks of the application's own, asked in order
 */
public record Gates(int minimumSample, int failureBudget, double failureRatio, double successThreshold,
                    Set<Integer> approvalBefore, List<HealthGate> healthGates) {

    /**
     * Validates the gates and copies the collections.
     *
     * @param minimumSample at least 1
     * @param failureBudget zero or more
     * @param failureRatio 0 to 1
     * @param successThreshold 0 to 1
     * @param approvalBefore wave indexes, each zero or more
     * @param healthGates the health gates
     * @throws IllegalArgumentException if a number is out of range (the message names the field)
     */
    public Gates {
        if (minimumSample < 1) {
            throw new IllegalArgumentException("gates.minimumSample is " + minimumSample + "; it is at least 1");
        }
        if (failureBudget < 0) {
            throw new IllegalArgumentException("gates.failureBudget is " + failureBudget + "; it is zero or more");
        }
        if (!(failureRatio >= 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("gates.failureRatio is " + failureRatio + "; it is 0 to 1");
        }
        if (!(successThreshold >= 0 && successThreshold <= 1)) {
            throw new IllegalArgumentException("gates.successThreshold is " + successThreshold + "; it is 0 to 1");
        }
        Objects.requireNonNull(approvalBefore, "approvalBefore");
        for (Integer w : approvalBefore) {
            if (w == null || w < 0) {
                throw new IllegalArgumentException("gates.approvalBefore holds " + w + "; wave indexes are zero or"
                        + " more");
            }
        }
        approvalBefore = Set.copyOf(new TreeSet<>(approvalBefore));
        healthGates = List.copyOf(healthGates);
    }

    /**
     * Returns gates that tolerate no failure, need one decided device and every device verified, with no approval
     * and no health gate: a strict default to loosen.
     *
     * @return the gates
     */
    public static Gates strict() {
        return new Gates(1, 0, 0, 1, Set.of(), List.of());
    }

    /**
     * Returns these gates with a minimum sample.
     *
     * @param devices at least 1
     * @return the gates
     */
    public Gates withMinimumSample(int devices) {
        return new Gates(devices, failureBudget, failureRatio, successThreshold, approvalBefore, healthGates);
    }

    /**
     * Returns these gates with a failure budget as a count and as a ratio of the decided devices.
     *
     * @param devices failed or timed-out devices tolerated per wave
     * @param ratio largest tolerated share of failed or timed-out devices among the decided ones, 0 to 1
     * @return the gates
     */
    public Gates withFailureBudget(int devices, double ratio) {
        return new Gates(minimumSample, devices, ratio, successThreshold, approvalBefore, healthGates);
    }

    /**
     * Returns these gates with a success threshold.
     *
     * @param ratio the share of each wave's devices that must be verified, 0 to 1
     * @return the gates
     */
    public Gates withSuccessThreshold(double ratio) {
        return new Gates(minimumSample, failureBudget, failureRatio, ratio, approvalBefore, healthGates);
    }

    /**
     * Returns these gates with manual approval before the given waves.
     *
     * @param waves wave indexes (0 is the first)
     * @return the gates
     */
    public Gates withApprovalBefore(Integer... waves) {
        return new Gates(minimumSample, failureBudget, failureRatio, successThreshold, Set.of(waves), healthGates);
    }

    /**
     * Returns these gates with health gates added after the present ones.
     *
     * @param gates the gates
     * @return the gates
     */
    public Gates withHealthGates(HealthGate... gates) {
        List<HealthGate> all = new java.util.ArrayList<>(healthGates);
        all.addAll(List.of(gates));
        return new Gates(minimumSample, failureBudget, failureRatio, successThreshold, approvalBefore, all);
    }

    /**
     * Tells whether a wave's failed and timed-out devices already exceed what the gates tolerate: more than
     * {@code failureBudget}, or, once at least {@code minimumSample} devices (or all of a smaller wave's) are decided,
     * a share of the decided devices above {@code failureRatio}. The engine asks this while a wave runs, so a wave
     * fails as soon as it cannot pass.
     *
     * @param s the wave's counts
     * @return true when the wave has failed its thresholds
     */
    public boolean budgetExceeded(WaveSummary s) {
        long bad = s.failed() + s.timedOut();
        long sample = Math.min(minimumSample, s.devices() - s.skipped());
        return bad > failureBudget || (s.decided() >= Math.max(1, sample) && s.failureRatio() > failureRatio);
    }

    /**
     * Judges a wave whose bake time is over by the thresholds (health gates aside): FAIL when
     * {@link #budgetExceeded} or fewer than {@code successThreshold} of its devices (skipped ones excluded) are
     * verified; INCONCLUSIVE while fewer than the minimum sample are decided; else PASS. The evidence names the
     * counts.
     *
     * @param s the wave's counts
     * @return the decision
     */
    public GateResult judge(WaveSummary s) {
        if (budgetExceeded(s)) {
            return GateResult.fail((s.failed() + s.timedOut()) + " of " + s.decided() + " decided devices failed or "
                    + "timed out (budget " + failureBudget + ", ratio " + failureRatio + ")");
        }
        long judged = s.devices() - s.skipped();
        long sample = Math.min(minimumSample, judged);
        if (judged > 0 && s.decided() < sample) {
            return GateResult.inconclusive(s.decided() + " decided devices, the gates need " + sample);
        }
        if (judged > 0 && s.succeeded() < Math.ceil(successThreshold * judged - 1e-9)) {
            return GateResult.fail(s.succeeded() + " of " + judged + " devices verified; the threshold is "
                    + successThreshold);
        }
        return GateResult.pass(s.succeeded() + " of " + judged + " verified, " + (s.failed() + s.timedOut())
                + " failed");
    }
}
