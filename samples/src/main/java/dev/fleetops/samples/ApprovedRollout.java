package dev.fleetops.samples;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.rollout.RolloutHandle;
import dev.fleetops.rollout.RolloutManager;
import dev.fleetops.rollout.TypedRolloutListener;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.OfflinePolicy;
import dev.fleetops.rollout.model.PlanProblem;
import dev.fleetops.rollout.model.RolloutEvent;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.RolloutSnapshot;
import dev.fleetops.rollout.model.RolloutState;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A staged rollout that succeeds wave by wave, with an operator's approval before each wave after the first: the
 * plan is checked against the fleet's size, each wave is judged by what its devices report, and the program
 * approves the next wave when the rollout asks (where a person would look at the numbers first).
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.ApprovedRollout}
 */
public final class ApprovedRollout {

    private ApprovedRollout() {
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws InterruptedException never on the virtual clock the sample uses
     */
    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    /**
     * Runs the sample, printing to {@code out}.
     *
     * @param out where to print
     * @return the rollout at its end
     * @throws InterruptedException never on the virtual clock the sample uses
     */
    public static RolloutSnapshot run(PrintStream out) throws InterruptedException {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        FleetSimulator simulator = FleetSimulator.attach(hub)
                .defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(3)).build());
        SampleFleet fleet = new SampleFleet(7, clock.instant());
        simulator.populate(2_000, fleet::twin);
        FleetClient client = FleetClient.builder().hub(hub).tier(HubTier.s1(1)).clock(clock)
                .operator(Operator.of("release-manager", Role.OPERATOR)).build();

        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("gw10-fw-2-1-0"))
                .target("tags.model = 'gw-10'")
                .desired("firmware.version", "2.1.0")
                .wave(WaveSpec.percent(5, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(25, Duration.ofMinutes(10)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(new Verdict("properties.reported.firmware.version = '2.1.0'",
                        "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5),
                        Duration.ofMinutes(30)))
                .gates(Gates.strict().withMinimumSample(10).withFailureBudget(3, 0.02).withSuccessThreshold(0.95)
                        .withApprovalBefore(1, 2))
                .offline(OfflinePolicy.SKIP)
                .build();
        long targets = client.queries().streamRows("SELECT COUNT() AS n FROM devices WHERE " + plan.target())
                .findFirst().flatMap(r -> r.getLong("n")).orElse(0L);
        out.printf("Rollout of firmware 2.1.0 to %d gw-10 devices, waves of %s devices%n", targets,
                plan.waveSizes(targets));
        for (PlanProblem p : plan.check(targets)) {
            out.println("  plan " + p);
        }

        Instant began = clock.instant();
        RolloutManager rollouts = RolloutManager.builder(client).listener(new TypedRolloutListener() {
            @Override
            public void onWaveStarted(RolloutEvent.WaveStarted event) {
                out.printf("  +%-23s wave %d started: %d devices%n", QuickStart.words(Duration.between(began,
                        event.at())), event.wave(), event.devices());
            }

            @Override
            public void onGateDecided(RolloutEvent.GateDecided event) {
                out.printf("  +%-23s wave %d gates: %s, %s%n", QuickStart.words(Duration.between(began,
                        event.at())), event.summary().wave(), event.result().status().name().toLowerCase(java.util.Locale.ROOT),
                        event.result().evidence());
            }
        }).build();
        RolloutHandle rollout = rollouts.begin(plan);
        RolloutSnapshot s = rollout.await(Duration.ofDays(1));
        while (s.state() == RolloutState.AWAITING_APPROVAL) {
            out.printf("  wave %d waits for approval: %d devices verified so far; approving%n", s.wave(),
                    s.count(DeviceState.SUCCEEDED));
            rollout.approve();
            s = rollout.await(Duration.ofDays(1));
        }
        out.printf("Ended %s after %s (virtual): %d verified, %d failed, %d skipped (offline)%n",
                s.state().name().toLowerCase(java.util.Locale.ROOT), QuickStart.words(Duration.between(began, clock.instant())),
                s.count(DeviceState.SUCCEEDED), s.count(DeviceState.FAILED) + s.count(DeviceState.TIMED_OUT),
                s.count(DeviceState.SKIPPED));
        return s;
    }
}
