package dev.fleetops.samples;

import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A sample class, not part of the FleetOps library: the samples and benchmarks use it to make a believable fleet to
 * run against, and you may copy it for your own simulations. It makes the twins of a varied synthetic fleet: three tags (region, model, site), about ten desired and ten reported
 * properties, firmware versions spread the way a real fleet's are (most on the current release, a tail on older
 * ones, a few mid-update or failed). The same index and seed always give the same twin. Immutable and thread-safe.
 */
public final class SampleFleet {

    /** Regions, with their weights below. */
    public static final List<String> REGIONS = List.of("eu-west", "eu-north", "us-east", "us-west", "ap-south");
    /** Device models. */
    public static final List<String> MODELS = List.of("th-100", "th-200", "gw-10");
    /** Firmware versions, oldest first. */
    public static final List<String> VERSIONS = List.of("1.4.2", "1.5.0", "1.6.1", "2.0.0");

    private static final int[] REGION_WEIGHTS = {35, 15, 25, 15, 10};
    private static final int[] VERSION_WEIGHTS = {5, 10, 25, 60};
    private static final List<String> SITES = List.of("plant-1", "plant-2", "plant-3", "plant-4", "plant-5",
            "plant-6", "plant-7", "plant-8");
    private static final List<String> LEVELS = List.of("info", "warn", "debug");

    private final long seed;
    private final Instant now;

    /**
     * Creates a fleet description.
     *
     * @param seed the seed; the same seed gives the same fleet
     * @param now the time the fleet's activity timestamps are relative to
     */
    public SampleFleet(long seed, Instant now) {
        this.seed = seed;
        this.now = now;
    }

    /**
     * Returns the id of the i-th device.
     *
     * @param i the index
     * @return the id, for example {@code dev-000042}
     */
    public static DeviceId id(int i) {
        return DeviceId.of(String.format("dev-%06d", i));
    }

    /**
     * Returns the twin of the i-th device.
     *
     * @param i the index, 0 or more
     * @return the twin
     */
    public Twin twin(int i) {
        Random r = new Random(seed * 1_000_003L + i);
        String region = pick(REGIONS, REGION_WEIGHTS, r);
        String model = MODELS.get(r.nextInt(MODELS.size()));
        String version = pick(VERSIONS, VERSION_WEIGHTS, r);
        String latest = VERSIONS.get(VERSIONS.size() - 1);
        int roll = r.nextInt(100);
        String state = roll < 2 ? "failed" : roll < 4 && !version.equals(latest) ? "downloading" : "current";
        PropertyTree tags = PropertyTree.builder()
                .put("region", region)
                .put("model", model)
                .put("site", SITES.get(r.nextInt(SITES.size())))
                .build();
        PropertyTree desired = PropertyTree.builder()
                .put("firmware.version", state.equals("current") ? version : latest)
                .put("firmware.url", "https://updates.example.com/fw/" + model + "/"
                        + (state.equals("current") ? version : latest) + ".bin")
                .put("telemetry.interval", 60)
                .put("telemetry.enabled", true)
                .put("logging.level", LEVELS.get(r.nextInt(LEVELS.size())))
                .put("thresholds.temperature", 40)
                .put("thresholds.humidity", 80)
                .put("mode", "normal")
                .put("timezone", "UTC")
                .put("reportInterval", 300)
                .build();
        PropertyTree reported = PropertyTree.builder()
                .put("firmware.version", version)
                .put("firmware.state", state)
                .put("firmware.progress", state.equals("current") ? 100 : 0)
                .put("battery", r.nextInt(101))
                .put("temperature", 15 + r.nextInt(30))
                .put("rssi", -40 - r.nextInt(60))
                .put("uptime", r.nextInt(1_000_000))
                .put("telemetry.interval", 60)
                .put("logging.level", "info")
                .put("mode", "normal")
                .build();
        boolean online = r.nextInt(100) < 92;
        return Twin.builder(id(i))
                .modelId("dtmi:example:" + model.replace('-', '_') + ";1")
                .tags(tags)
                .desired(desired)
                .reported(reported)
                .connectionState(online ? ConnectionState.CONNECTED : ConnectionState.DISCONNECTED)
                .lastActivityTime(now.minus(Duration.ofMinutes(online ? r.nextInt(10) : 60 + r.nextInt(5000))))
                .build();
    }

    private static String pick(List<String> values, int[] weights, Random r) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }
}
