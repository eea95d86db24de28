package dev.fleetops.samples;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.JobHandle;
import dev.fleetops.core.call.AuditContext;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.Path;
import dev.fleetops.core.time.VirtualClock;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's examples, run: roles and audit, a configuration, a scheduled job followed to its end, and the errors
 * a caller handles. On an embedded S1 hub with 1,000 simulated devices and a virtual clock; nothing to set up.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.fleetops.samples.OperatorsGuide}
 */
public final class OperatorsGuide {

    private OperatorsGuide() {
    }

    /**
     * Runs the examples.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the examples, printing to {@code out}.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        VirtualClock clock = VirtualClock.create();
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        FleetSimulator.attach(hub).populate(1_000, new SampleFleet(7, clock.instant())::twin);

        // Roles and audit: who may do what, and a record of every change (here kept in a list).
        List<AuditRecord> audit = new CopyOnWriteArrayList<>();
        FleetClient client = FleetClient.builder()
                .hub(hub)
                .clock(clock)
                .tier(HubTier.s1(1))
                .authorizer(Authorizer.roleBased().grant(Role.of("release-manager"), "job.*", "*.read"))
                .auditSink(audit::add)
                .build();
        FleetClient alice = client.as(Operator.of("alice", Role.of("release-manager")))
                .with(AuditContext.of("change-4711").with("ticket", "OPS-12"));
        FleetClient rita = client.as(Operator.of("rita", Role.READER));

        // A configuration: the hub keeps the desired telemetry interval on every th-200 device.
        FleetClient dev = client.as(Operator.of("dana", Role.DEVELOPER));
        Configuration telemetry = dev.configurations().create(Configuration.builder("telemetry-th200")
                .targetCondition("tags.model = 'th-200'")
                .priority(10)
                .content("properties.desired.telemetry.interval", 60)
                .metric("applied", "SELECT deviceId FROM devices WHERE properties.reported.telemetry.interval = 60")
                .build());
        out.printf("configuration %s targets: %s%n", telemetry.id(), telemetry.targetCondition());

        // A scheduled job, followed to its end: the hub patches every eu-west device at its own pace.
        JobHandle job = alice.jobs().beginTwinUpdate("fw-eu-west", Path.tag("region").eq("eu-west"),
                TwinPatch.builder().desired("firmware.version", "2.0.0").build(), clock.instant(),
                Duration.ofHours(1));
        ScheduledJob done = job.await(Duration.ofMinutes(30));
        out.printf("job %s: %s, %d devices succeeded, %d failed (virtual time)%n", done.jobId(), done.status(),
                done.statistics().succeededCount(), done.statistics().failedCount());

        // Errors a caller handles: each names what was wrong, and none carries a secret.
        try {
            rita.jobs().cancel("fw-eu-west");
        } catch (AccessDeniedException e) {
            out.println("denied: " + e.getMessage());
        }
        try {
            rita.twins().get(DeviceId.of("no-such-device"));
        } catch (DeviceNotFoundException e) {
            out.println("not found: " + e.getMessage());
        }
        try {
            rita.queries().streamTwins("SELECT * FROM devices WHERE tags.region = = 'eu'").count();
        } catch (InvalidQueryException e) {
            out.println("bad query: " + e.getMessage());
        } catch (FleetException e) {
            // every FleetOps failure is a FleetException; retryable() says whether trying again later may help
            out.println((e.retryable() ? "try again later: " : "failed: ") + e.getMessage());
        }

        out.println("audit trail:");
        for (AuditRecord r : audit) {
            out.printf("  %s %s %s %s correlationId=%s %s%n", r.operator().name(), r.action(), r.target(),
                    r.outcome(), r.correlationId(), r.attributes());
        }
    }
}
