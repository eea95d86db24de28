package dev.fleetops.samples;

import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.azure.AzureIotHub;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.Path;
import dev.fleetops.core.query.Query;

import dev.fleetops.rollout.DryRun;
import dev.fleetops.rollout.RolloutManager;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.DryRunReport;
import dev.fleetops.rollout.model.Gates;
import dev.fleetops.rollout.model.OfflinePolicy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The quick start: a simulated fleet of 10,000 devices on the embedded hub (no Azure account needed), a few fleet
 * questions answered with IoT Hub queries, a small firmware update watched on a virtual clock, and a staged rollout
 * whose first wave fails its gates and rolls back on its own.
 *
 * <p>With {@code FLEETOPS_IOTHUB_CONNECTION_STRING} set, the same questions go to that IoT hub instead, read only:
 * nothing is simulated or changed. {@code FLEETOPS_IOTHUB_TIER} (for example {@code S1:1}, the default) tells the
 * client which quotas to pace itself to.
 *
 * <p>Run from the repository root: {@code mvn -q -pl samples -am compile exec:java}
 */
public final class QuickStart {

    /** The environment variable holding a real hub's connection string. */
    public static final String CONNECTION_STRING_VARIABLE = "FLEETOPS_IOTHUB_CONNECTION_STRING";
    /** The environment variable holding the real hub's tier and units, such as {@code S2:3}. */
    public static final String TIER_VARIABLE = "FLEETOPS_IOTHUB_TIER";

    private QuickStart() {
    }

    /**
     * Runs the quick start on the embedded hub, or read-only on the hub named by
     * {@value #CONNECTION_STRING_VARIABLE}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String connectionString = System.getenv(CONNECTION_STRING_VARIABLE);
        if (connectionString == null || connectionString.isBlank()) {
            runSimulated(System.out);
            return;
        }
        HubTier tier = tier(System.getenv(TIER_VARIABLE));
        try (AzureIotHub hub = AzureIotHub.builder().connectionString(connectionString).build()) {
            FleetClient client = FleetClient.builder()
                    .hub(hub)
                    .tier(tier)
                    .operator(Operator.of("quickstart", Role.READER))
                    .build();
            System.out.printf("Connected to %s, paced to %s x%d; read only.%n", hub.describe(), tier.sku(),
                    tier.units());
            askTheFleet(client, System.out);
            spent(client, System.out);
        }
    }

    /**
     * The quick start on the embedded hub: 10,000 simulated devices, the fleet questions, and a firmware update of
     * the devices the last question found, watched as the simulated agents report.
     *
     * @param out where to print
     */
    public static void runSimulated(PrintStream out) {
        // 1. An embedded S1 hub on a virtual clock, and 10,000 simulated devices running a firmware agent.
        VirtualClock clock = VirtualClock.create();
        HubTier tier = HubTier.s1(1);
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(tier).build();
        FleetSimulator simulator = FleetSimulator.attach(hub)
                .defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(3)).build());
        SampleFleet fleet = new SampleFleet(2026, clock.instant());
        simulator.populate(10_000, fleet::twin);
        Instant start = clock.instant();
        out.println("A simulated fleet of 10,000 devices on an embedded IoT hub (in memory, S1 tier quotas).");
        out.println("Time is virtual: the minutes below pass in milliseconds, and waits for quota cost no real time.");

        // 2. A client that paces itself to the hub's S1 quotas and acts as a named operator.
        FleetClient client = FleetClient.builder()
                .hub(hub)
                .tier(tier)
                .clock(clock)
                .operator(Operator.of("quickstart", Role.OPERATOR))
                .build();

        List<Twin> page = askTheFleet(client, out);

        // 4. Update the devices found and watch the simulated agents report, on virtual time.
        section(out, "Update them to 2.0.0 and watch");
        TwinPatch update = TwinPatch.builder()
                .desired("firmware.version", "2.0.0")
                .desired("firmware.url", "https://updates.example.com/fw/th-200/2.0.0.bin")
                .build();
        for (Twin t : page) {
            client.twins().patch(t.deviceId(), update);
        }
        out.printf("  desired firmware.version set to 2.0.0 on %d devices; each simulated agent installs it in 3 "
                + "minutes%n", page.size());
        for (int minute = 1; minute <= 4; minute++) {
            simulator.advance(Duration.ofMinutes(1));
            out.printf("  after %d minute%s (virtual): %s%n", minute, minute == 1 ? "" : "s", states(client, page));
        }
        spent(client, out);
        out.printf("  the hub answered 429 (throttled) %d times; the virtual clock moved %s%n",
                hub.statistics().totalThrottled(), words(Duration.between(start, clock.instant())));

        stagedRollout(client, simulator, clock, out);
    }

    /**
     * 5. A staged rollout of firmware 3.0.0 to every th-200, in waves with gates: 3.0.0 is bad (30% of installs
     * fail), so the first wave fails its gates and the rollout rolls back on its own, restoring each device's
     * previous desired firmware exactly. Prints the rollout's timeline from its events.
     */
    static RolloutSnapshot stagedRollout(FleetClient client, FleetSimulator simulator, VirtualClock clock,
                                         PrintStream out) {
        section(out, "A staged rollout of firmware 3.0.0 to every th-200, whose first wave fails");
        // from now on the simulated agents fail 30% of installs
        simulator.defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(3))
                .failureProbability(0.3).build());
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("th200-fw-3-0-0"))
                .target("tags.model = 'th-200'")
                .desired("firmware.version", "3.0.0")
                .desired("firmware.url", "https://updates.example.com/fw/th-200/3.0.0.bin")
                .wave(WaveSpec.percent(2, Duration.ofMinutes(15)))
                .wave(WaveSpec.percent(20, Duration.ofMinutes(30)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(new Verdict("properties.reported.firmware.version = '3.0.0'",
                        "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(5),
                        Duration.ofMinutes(30)))
                .gates(Gates.strict().withMinimumSample(20).withFailureBudget(5, 0.05).withSuccessThreshold(0.9))
                .offline(OfflinePolicy.SKIP)
                .build();
        Instant began = clock.instant();
        List<String> timeline = new ArrayList<>();
        RolloutManager rollouts = RolloutManager.builder(client).listener(e -> {
            String at = "+" + words(Duration.between(began, e.at()));
            if (e instanceof RolloutEvent.WaveStarted) {
                RolloutEvent.WaveStarted w = (RolloutEvent.WaveStarted) e;
                timeline.add(String.format("  %-22s wave %d started: %d devices", at, w.wave(), w.devices()));
            } else if (e instanceof RolloutEvent.GateDecided) {
                RolloutEvent.GateDecided g = (RolloutEvent.GateDecided) e;
                timeline.add(String.format("  %-22s gates of wave %d: %s (%s)", at, g.summary().wave(),
                        g.result().status().name().toLowerCase(Locale.ROOT), g.result().evidence()));
            } else if (e instanceof RolloutEvent.StateChanged) {
                RolloutEvent.StateChanged c = (RolloutEvent.StateChanged) e;
                if (c.to() == RolloutState.ROLLING_BACK || c.to().isFinal() || c.to() == RolloutState.FAILED) {
                    timeline.add(String.format("  %-22s %s", at, c.to().name().toLowerCase(Locale.ROOT)
                            .replace('_', ' ')));
                }
            }
        }).build();
        out.printf("  %d devices targeted, waves of 2%%, 20%% and 100%%; a wave fails beyond 5 failed devices or 5%%%n",
                client.queries().streamRows("SELECT COUNT() AS n FROM devices WHERE " + plan.target())
                        .findFirst().flatMap(r -> r.getLong("n")).orElse(0L));
        RolloutSnapshot end;
        try {
            // first a dry run on a copy of the fleet, read through the client: nothing is sent to a device
            DryRunReport dry = DryRun.builder(plan).fleetFrom(client).failureRate(0.3).build().run();
            out.printf("  dry run, assuming 30%% of installs fail: waves of %s devices; wave 0's gates trip in %.1f%% "
                            + "of %,d trials; a clean run would take %s and %s hub calls%n", dry.waveSizes(),
                    dry.gateTrips().get(0).probability() * 100, dry.gateTrips().get(0).trials(), words(dry.eta()),
                    dry.callsByClass().values().stream().mapToLong(Long::longValue).sum());
            end = rollouts.begin(plan).await(Duration.ofDays(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        timeline.forEach(out::println);
        out.printf("  ended %s: %d devices restored to their previous firmware, %d left alone (changed since),"
                + " %d never touched%n", end.state().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                end.count(DeviceState.ROLLED_BACK), end.count(DeviceState.CONFLICT), end.count(DeviceState.PENDING));
        return end;
    }

    /**
     * Asks the fleet the quick start's questions with IoT Hub queries, and prints the answers: how many devices,
     * how many per reported firmware version, failed updates per region, and the first outdated th-200 devices in
     * eu-west. Works on any backend; only reads.
     *
     * @param client the client
     * @param out where to print
     * @return the outdated devices found by the last question (at most 10)
     */
    public static List<Twin> askTheFleet(FleetClient client, PrintStream out) {
        section(out, "How many devices?");
        PropertyTree total = client.queries().streamRows("SELECT COUNT() AS devices FROM devices")
                .findFirst().orElseThrow();
        out.printf("  %d devices registered%n", total.getLong("devices").orElse(0L));

        section(out, "Devices per reported firmware version (GROUP BY)");
        client.queries().streamRows("SELECT properties.reported.firmware.version AS version, COUNT() AS devices"
                        + " FROM devices GROUP BY properties.reported.firmware.version")
                .sorted((a, b) -> a.getString("version").orElse("").compareTo(b.getString("version").orElse("")))
                .forEach(row -> out.printf("  %-8s %6d%n", row.getString("version").orElse("?"),
                        row.getLong("devices").orElse(0L)));

        section(out, "Devices whose last firmware update failed, per region");
        out.println("  (a real fleet has some; the simulated one is generated with about 2% failed)");
        client.queries().streamRows("SELECT tags.region AS region, COUNT() AS failed FROM devices"
                        + " WHERE properties.reported.firmware.state = 'failed' GROUP BY tags.region")
                .sorted((a, b) -> a.getString("region").orElse("").compareTo(b.getString("region").orElse("")))
                .forEach(row -> out.printf("  %-9s %4d%n", row.getString("region").orElse("?"),
                        row.getLong("failed").orElse(0L)));

        // 3. A filtered page, written with the typed builder; it renders to the same query text.
        Query outdated = Query.devices()
                .where(Path.tag("region").eq("eu-west")
                        .and(Path.tag("model").eq("th-200"))
                        .and(Path.reported("firmware.version").ne("2.0.0"))
                        .and(Path.reported("firmware.state").eq("current")))
                .top(10)
                .build();
        section(out, "First page of outdated th-200 devices in eu-west");
        out.println("  " + outdated.text());
        List<Twin> page = client.queries().streamTwins(outdated).collect(Collectors.toList());
        page.forEach(t -> out.printf("  %s running %s%n", t.deviceId(),
                t.reported().getString("firmware.version").orElse("?")));
        return page;
    }

    private static void spent(FleetClient client, PrintStream out) {
        section(out, "What the client spent");
        Map<OperationClass, String> names = Map.of(OperationClass.QUERY, "queries", OperationClass.TWIN_UPDATE,
                "twin updates", OperationClass.TWIN_READ, "twin reads");
        for (OperationClass op : List.of(OperationClass.QUERY, OperationClass.TWIN_UPDATE, OperationClass.TWIN_READ)) {
            CallStatistics s = client.statistics().of(op);
            out.printf("  %-12s %4d calls, %d retried, %d throttled, %s waiting for quota%n", names.get(op),
                    s.calls(), s.retries(), s.throttled(), words(s.pacingWait()));
        }
    }

    /**
     * Reads a tier such as {@code S1:1} or {@code s3:2}; empty or absent means one S1 unit.
     *
     * @param text the tier and units, or null
     * @return the tier
     * @throws IllegalArgumentException if the text is not {@code S1}, {@code S2} or {@code S3}, a colon and a
     *     unit count
     */
    static HubTier tier(String text) {
        if (text == null || text.isBlank()) {
            return HubTier.s1(1);
        }
        String[] parts = text.trim().split(":", 2);
        try {
            HubTier.Sku sku = HubTier.Sku.valueOf(parts[0].toUpperCase(Locale.ROOT));
            int units = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
            return new HubTier(sku, units);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TIER_VARIABLE + " is '" + text + "'; write the tier and units as"
                    + " S1:1, S2:4 or S3:1", e);
        }
    }

    /** Counts the devices per reported state, in words: "5 running 1.5.0, installing 2.0.0; 5 running 2.0.0". */
    private static String states(FleetClient client, List<Twin> devices) {
        Map<String, Long> counts = devices.stream()
                .map(t -> client.twins().get(t.deviceId()))
                .collect(Collectors.groupingBy(QuickStart::state, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    private static String state(Twin twin) {
        String running = twin.reported().getString("firmware.version").orElse("an unknown version");
        String wanted = twin.desired().getString("firmware.version").orElse(running);
        String state = twin.reported().getString("firmware.state").orElse("current");
        if (state.equals("failed")) {
            return "running " + running + ", update to " + wanted + " failed";
        }
        return running.equals(wanted) ? "running " + running : "running " + running + ", installing " + wanted;
    }

    /** A duration in words, for example "4 minutes 9 seconds" or "no time". */
    static String words(Duration d) {
        long seconds = d.toSeconds();
        if (seconds == 0) {
            return d.isZero() ? "no time" : "under a second";
        }
        long minutes = seconds / 60;
        long rest = seconds % 60;
        StringBuilder b = new StringBuilder();
        if (minutes > 0) {
            b.append(minutes).append(minutes == 1 ? " minute" : " minutes");
        }
        if (rest > 0) {
            b.append(b.length() > 0 ? " " : "").append(rest).append(rest == 1 ? " second" : " seconds");
        }
        return b.toString();
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }
}
