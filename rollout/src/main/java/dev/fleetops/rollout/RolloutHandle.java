package dev.fleetops.rollout;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.internal.RolloutEngine;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One rollout, to watch and steer. The engine is level-triggered: {@link #step()} does the next bounded piece of
 * work (and is what {@link #await(Duration)} repeats), reading the store and the twins each time, so a handle
 * attached after a restart continues where the last step stopped.
 *
 * <p>The verbs differ in what they do to devices in flight (patched, verdict pending):
 * <ul>
 *   <li>{@link #pause()}: no new device is patched; devices in flight keep being watched and reach their verdicts;
 *       {@link #resume()} continues the wave.</li>
 *   <li>{@link #abort()}: stops for good; devices keep what they have (in flight stay applied, undecided).
 *       A rollback is still possible.</li>
 *   <li>{@link #rollback()}: restores, on every device the rollout changed, the previous desired values where the
 *       rollout's are still in place; devices in flight are rolled back too; values someone else wrote since are
 *       left and reported as conflicts.</li>
 * </ul>
 *
 * <p>Thread-safe: steps and verbs of one handle are serialised.
 */
public final class RolloutHandle {

    private final RolloutManager manager;
    private final RolloutPlan plan;
    private final RolloutEngine engine;

    RolloutHandle(RolloutManager manager, RolloutPlan plan) {
        this.manager = manager;
        this.plan = plan;
        this.engine = manager.engine(plan);
    }

    /**
     * Returns the plan.
     *
     * @return the plan
     */
    public RolloutPlan plan() {
        return plan;
    }

    /**
     * Returns the rollout as it stands in the store.
     *
     * @return the snapshot
     */
    public synchronized RolloutSnapshot snapshot() {
        return manager.snapshot(plan);
    }

    /**
     * Does the next bounded piece of work: plans the waves, patches devices up to the pacing, judges devices, waits
     * out a bake, asks the gates, rolls back.
     *
     * @return the snapshot after the step
     * @throws dev.fleetops.core.error.FleetException when a hub call fails after its retries (the step can be
     *     repeated: nothing is lost)
     */
    public synchronized RolloutSnapshot step() {
        engine.step();
        return snapshot();
    }

    /**
     * Steps until the rollout is final, fails, is aborted or waits for an operator, or {@code timeout} passes on
     * the client's clock, polling every {@code 15 s} of that clock (on a {@link VirtualClock} the wait advances
     * it, so a simulation runs at once).
     *
     * @param timeout the longest to wait, on the client's clock
     * @return the snapshot at the end
     * @throws InterruptedException if the thread is interrupted while waiting (real clock)
     */
    public RolloutSnapshot await(Duration timeout) throws InterruptedException {
        Clock clock = manager.client().clock();
        Instant until = clock.instant().plus(timeout);
        while (true) {
            RolloutSnapshot s = step();
            if (s.state().isFinal() || s.state() == RolloutState.FAILED || s.state() == RolloutState.ABORTED
                    || s.state() == RolloutState.AWAITING_APPROVAL || s.state() == RolloutState.PAUSED
                    || !clock.instant().isBefore(until)) {
                return s;
            }
            Duration poll = Duration.ofSeconds(15);
            if (clock instanceof VirtualClock) {
                ((VirtualClock) clock).sleep(poll);
            } else {
                Thread.sleep(poll.toMillis());
            }
        }
    }

    /**
     * Pauses: no new device is patched until {@link #resume()}. Devices in flight (patched, verdict pending) keep
     * being watched and judged; with the job strategy the running change job is cancelled at the next step (the
     * devices it reached keep the change and are watched; the rest wait for the resume, and the cancelled job does
     * not count as one of their group's rounds).
     *
     * @return the snapshot after
     * @throws IllegalStateException if the rollout cannot be paused in its state
     */
    public RolloutSnapshot pause() {
        return verb(RolloutManager.PAUSE, RolloutState.PAUSED, "paused by an operator");
    }

    /**
     * Resumes a paused rollout.
     *
     * @return the snapshot after
     * @throws IllegalStateException if the rollout is not paused
     */
    public RolloutSnapshot resume() {
        return verb(RolloutManager.RESUME, RolloutState.RUNNING, "resumed by an operator");
    }

    /**
     * Aborts: stops for good, leaving devices as they are: no device is patched or judged any more, devices in flight
     * keep the change without a verdict, and a running change job is cancelled. A rollback remains possible.
     *
     * @return the snapshot after
     * @throws IllegalStateException if the rollout is final
     */
    public RolloutSnapshot abort() {
        return verb(RolloutManager.ABORT, RolloutState.ABORTED, "aborted by an operator");
    }

    /**
     * Rolls back every device the rollout changed (see the class description); the work happens in the following
     * steps. No device is patched with the change any more: a running change job is cancelled first, and devices in
     * flight are restored like the others, where the rollout's value is still in place.
     *
     * @return the snapshot after
     * @throws IllegalStateException if the rollout is final
     */
    public RolloutSnapshot rollback() {
        return verb(RolloutManager.ROLLBACK, RolloutState.ROLLING_BACK, "rollback requested by an operator");
    }

    /**
     * Approves the wave the rollout waits for (and so any wave up to it).
     *
     * @return the snapshot after
     */
    public synchronized RolloutSnapshot approve() {
        int wave = manager.store().find(plan.id()).map(RolloutRecord::wave).orElse(0);
        return manager.operatorView(plan.id(), wave).calls().perform(RolloutManager.APPROVE,
                RolloutManager.target(plan.id()), "",
                c -> {
                    RolloutRecord rec = manager.store().find(plan.id()).orElseThrow();
                    if (!manager.store().update(rec.approved(rec.wave()), rec.version())) {
                        throw new IllegalStateException("rollout " + plan.id() + " changed meanwhile; try again");
                    }
                    return snapshot();
                });
    }

    private synchronized RolloutSnapshot verb(Action action, RolloutState to, String reason) {
        Objects.requireNonNull(to, "to");
        int wave = manager.store().find(plan.id()).map(RolloutRecord::wave).orElse(0);
        FleetClient view = manager.operatorView(plan.id(), wave);
        return view.calls().perform(action, RolloutManager.target(plan.id()), "", c -> {
            RolloutRecord rec = manager.store().find(plan.id()).orElseThrow();
            if (!rec.state().canMoveTo(to)) {
                throw new IllegalStateException("rollout " + plan.id() + " is " + rec.state() + " and cannot move"
                        + " to " + to);
            }
            engine.move(rec, to, rec.wave(), reason);
            return snapshot();
        });
    }

    @Override
    public String toString() {
        return "RolloutHandle[" + plan.id() + "]";
    }
}
