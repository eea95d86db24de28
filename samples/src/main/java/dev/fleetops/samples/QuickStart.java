package dev.fleetops.samples;

import dev.fleetops.core.CallStatistics;
import dev.fleetops.core.FleetClient;
import dev.fleetops.core.Operator;
import dev.fleetops.core.Role;
import dev.fleetops.core.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.FirmwareAgent;
import dev.fleetops.core.embedded.FleetSimulator;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.query.Path;
import dev.fleetops.core.query.Query;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The quick start: a simulated fleet of 10,000 devices on the embedded hub (no Azure account needed), a few fleet
 * questions answered with IoT Hub queries, and a small firmware update watched on a virtual clock.
 *
 * <p>Run from the repository root: {@code mvn -q -pl samples -am test-compile exec:java}
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the quick start.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // 1. An embedded S1 hub on a virtual clock, and 10,000 simulated devices running a firmware agent.
        VirtualClock clock = VirtualClock.create();
        HubTier tier = HubTier.s1(1);
        EmbeddedHub hub = EmbeddedHub.builder().clock(clock).tier(tier).build();
        FleetSimulator simulator = FleetSimulator.attach(hub)
                .defaultBehaviour(FirmwareAgent.builder().applyDelay(Duration.ofMinutes(3)).build());
        SampleFleet fleet = new SampleFleet(2026, clock.instant());
        simulator.populate(10_000, fleet::twin);

        // 2. A client that paces itself to the hub's S1 quotas and acts as a named operator.
        FleetClient client = FleetClient.builder()
                .hub(hub)
                .tier(tier)
                .clock(clock)
                .operator(Operator.of("quickstart", Role.OPERATOR))
                .build();

        section("How many devices?");
        PropertyTree total = client.queries().streamRows("SELECT COUNT() AS devices FROM devices")
                .findFirst().orElseThrow();
        System.out.printf("  %d devices registered%n", total.getLong("devices").orElse(0L));

        section("Devices per reported firmware version (GROUP BY)");
        client.queries().streamRows("SELECT properties.reported.firmware.version AS version, COUNT() AS devices"
                        + " FROM devices GROUP BY properties.reported.firmware.version")
                .sorted((a, b) -> a.getString("version").orElse("").compareTo(b.getString("version").orElse("")))
                .forEach(row -> System.out.printf("  %-8s %6d%n", row.getString("version").orElse("?"),
                        row.getLong("devices").orElse(0L)));

        section("Failed updates per region");
        client.queries().streamRows("SELECT tags.region AS region, COUNT() AS failed FROM devices"
                        + " WHERE properties.reported.firmware.state = 'failed' GROUP BY tags.region")
                .forEach(row -> System.out.printf("  %-9s %4d%n", row.getString("region").orElse("?"),
                        row.getLong("failed").orElse(0L)));

        // 3. A filtered page, written with the typed builder; it renders to the same query text.
        Query outdated = Query.devices()
                .where(Path.tag("region").eq("eu-west")
                        .and(Path.tag("model").eq("th-200"))
                        .and(Path.reported("firmware.version").ne("2.0.0"))
                        .and(Path.reported("firmware.state").eq("current")))
                .top(10)
                .build();
        section("First page of outdated th-200 devices in eu-west");
        System.out.println("  " + outdated.text());
        List<Twin> page = client.queries().streamTwins(outdated).collect(Collectors.toList());
        page.forEach(t -> System.out.printf("  %s runs %s%n", t.deviceId(),
                t.reported().getString("firmware.version").orElse("?")));

        // 4. Update those devices and watch the simulated agents report, on virtual time.
        section("Update them to 2.0.0 and watch");
        TwinPatch update = TwinPatch.builder()
                .desired("firmware.version", "2.0.0")
                .desired("firmware.url", "https://updates.example.com/fw/th-200/2.0.0.bin")
                .build();
        for (Twin t : page) {
            client.twins().patch(t.deviceId(), update);
        }
        for (int minute = 1; minute <= 4; minute++) {
            simulator.advance(Duration.ofMinutes(1));
            System.out.printf("  after %d min: %s%n", minute, states(client, page));
        }

        section("What the client spent");
        for (OperationClass op : List.of(OperationClass.QUERY, OperationClass.TWIN_UPDATE, OperationClass.TWIN_READ)) {
            CallStatistics s = client.statistics().of(op);
            System.out.printf("  %-12s calls %4d, retries %d, throttled %d, waited for quota %s%n", op, s.calls(),
                    s.retries(), s.throttled(), s.pacingWait());
        }
        System.out.printf("  hub answered 429 %d times; virtual time now %s%n",
                hub.statistics().totalThrottled(), clock.instant());
    }

    private static String states(FleetClient client, List<Twin> devices) {
        return devices.stream()
                .map(Twin::deviceId)
                .map(DeviceId::value)
                .map(id -> client.twins().get(DeviceId.of(id)).reported())
                .collect(Collectors.groupingBy(r -> r.getString("firmware.state").orElse("?")
                        + "@" + r.getString("firmware.version").orElse("?"), Collectors.counting()))
                .toString();
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}
