package dev.fleetops.core.embedded;

import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A simulated firmware agent, the way update agents behave in the field: when the desired version (by default
 * {@code properties.desired.firmware.version}) differs from the version it runs, it reports
 * {@code firmware.state = "downloading"}, then {@code "installing"} with a progress percentage, and after the apply
 * delay either {@code state = "current"} with the new {@code firmware.version}, or {@code state = "failed"} with an
 * {@code error}, keeping the old version. A new desired version during an update supersedes it.
 *
 * <p>Devices can be made to fail (with a probability, or chosen ones), to go silent (receive the update and never
 * report again), or to go offline in the middle of the update (after the last progress report, or halfway without
 * progress reports); a device that comes back online starts the update over. Immutable after {@link Builder#build()}; thread-safe
 * and shareable by any number of devices.
 */
public final class FirmwareAgent implements DeviceBehaviour {

    /** Reported state while downloading. */
    public static final String DOWNLOADING = "downloading";
    /** Reported state while installing. */
    public static final String INSTALLING = "installing";
    /** Reported state once the desired version runs. */
    public static final String CURRENT = "current";
    /** Reported state after a failed update. */
    public static final String FAILED = "failed";

    private final String desiredPath;
    private final String reportedPrefix;
    private final Duration applyDelay;
    private final int progressSteps;
    private final double failureProbability;
    private final Predicate<DeviceId> failOn;
    private final Predicate<DeviceId> silentOn;
    private final Predicate<DeviceId> offlineOn;
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();

    private FirmwareAgent(Builder b) {
        this.desiredPath = b.desiredPath;
        this.reportedPrefix = b.reportedPrefix;
        this.applyDelay = b.applyDelay;
        this.progressSteps = b.progressSteps;
        this.failureProbability = b.failureProbability;
        this.failOn = b.failOn;
        this.silentOn = b.silentOn;
        this.offlineOn = b.offlineOn;
    }

    /**
     * Returns a builder with the defaults: desired path {@code firmware.version}, reported prefix {@code firmware},
     * a two-minute apply delay, two progress reports, no failures.
     *
     * @return the builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onDesiredChange(DeviceContext device, Twin twin) {
        Optional<Object> target = twin.desired().get(desiredPath);
        if (target.isEmpty()) {
            return;
        }
        String wanted = String.valueOf(target.get());
        PropertyTree reported = twin.reported();
        String running = reported.get(reportedPrefix + ".version").map(String::valueOf).orElse("");
        String pendingTarget = reported.getString(reportedPrefix + ".target").orElse("");
        String key = device.id().value();
        if (wanted.equals(running) && !inFlight.containsKey(key)) {
            if (!CURRENT.equals(reported.getString(reportedPrefix + ".state").orElse(""))) {
                device.report(state(CURRENT, running, 100, null, null));
            }
            return;
        }
        if (inFlight.containsKey(key) && wanted.equals(pendingTarget)) {
            return;
        }
        long generation = generations.incrementAndGet();
        inFlight.put(key, generation);
        if (silentOn.test(device.id())) {
            return;
        }
        device.report(state(DOWNLOADING, running, 0, wanted, null));
        Duration step = applyDelay.dividedBy(progressSteps + 1L);
        for (int i = 1; i <= progressSteps; i++) {
            int progress = 100 * i / (progressSteps + 1);
            boolean last = i == progressSteps;
            device.schedule(step.multipliedBy(i), ctx -> {
                if (current(ctx, generation)) {
                    ctx.report(state(INSTALLING, running, progress, wanted, null));
                    if (last && offlineOn.test(ctx.id())) {
                        inFlight.remove(ctx.id().value(), generation);
                        ctx.setOnline(false);
                    }
                }
            });
        }
        if (progressSteps == 0 && offlineOn.test(device.id())) {
            device.schedule(applyDelay.dividedBy(2), ctx -> {
                if (current(ctx, generation)) {
                    inFlight.remove(ctx.id().value(), generation);
                    ctx.setOnline(false);
                }
            });
        }
        device.schedule(applyDelay, ctx -> {
            if (!current(ctx, generation)) {
                return;
            }
            inFlight.remove(ctx.id().value(), generation);
            if (!ctx.online()) {
                // it dropped off mid-update; on reconnecting it starts over
                return;
            }
            boolean fails = failOn.test(ctx.id())
                    || (failureProbability > 0 && ctx.random().nextDouble() < failureProbability);
            if (fails) {
                ctx.report(state(FAILED, running, 100, wanted, "installation of " + wanted + " failed"));
            } else {
                ctx.report(state(CURRENT, wanted, 100, null, null));
            }
        });
    }

    private boolean current(DeviceContext ctx, long generation) {
        Long g = inFlight.get(ctx.id().value());
        return g != null && g == generation;
    }

    private PropertyTree state(String state, String version, int progress, String target, String error) {
        PropertyTree.Builder b = PropertyTree.builder()
                .put(reportedPrefix + ".state", state)
                .put(reportedPrefix + ".version", version)
                .put(reportedPrefix + ".progress", progress);
        if (target == null) {
            b.putNull(reportedPrefix + ".target");
        } else {
            b.put(reportedPrefix + ".target", target);
        }
        if (error == null) {
            b.putNull(reportedPrefix + ".error");
        } else {
            b.put(reportedPrefix + ".error", error);
        }
        return b.build();
    }

    /** Builds {@link FirmwareAgent}s. Not thread-safe. */
    public static final class Builder {
        private String desiredPath = "firmware.version";
        private String reportedPrefix = "firmware";
        private Duration applyDelay = Duration.ofMinutes(2);
        private int progressSteps = 2;
        private double failureProbability;
        private Predicate<DeviceId> failOn = id -> false;
        private Predicate<DeviceId> silentOn = id -> false;
        private Predicate<DeviceId> offlineOn = id -> false;

        private Builder() {
        }

        /**
         * Sets the desired-properties path of the target version.
         *
         * @param path a dotted path below {@code properties.desired}
         * @return this builder
         */
        public Builder desiredPath(String path) {
            PropertyPath.parse(path);
            this.desiredPath = path;
            return this;
        }

        /**
         * Sets the reported-properties object the agent writes {@code version}, {@code state}, {@code progress},
         * {@code target} and {@code error} into.
         *
         * @param prefix a dotted path below {@code properties.reported}
         * @return this builder
         */
        public Builder reportedPrefix(String prefix) {
            PropertyPath.parse(prefix);
            this.reportedPrefix = prefix;
            return this;
        }

        /**
         * Sets how long an update takes from receipt to the final report.
         *
         * @param delay on the hub's clock, positive
         * @return this builder
         */
        public Builder applyDelay(Duration delay) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("applyDelay must be positive, not " + delay);
            }
            this.applyDelay = delay;
            return this;
        }

        /**
         * Sets how many progress reports come between the first and the final one.
         *
         * @param steps 0 or more
         * @return this builder
         */
        public Builder progressSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("progressSteps must be 0 or more, not " + steps);
            }
            this.progressSteps = steps;
            return this;
        }

        /**
         * Makes a share of updates fail, drawn from the simulator's seeded random source.
         *
         * @param probability 0 to 1
         * @return this builder
         */
        public Builder failureProbability(double probability) {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("failureProbability must be 0 to 1, not " + probability);
            }
            this.failureProbability = probability;
            return this;
        }

        /**
         * Makes updates on the chosen devices fail.
         *
         * @param which the devices that fail
         * @return this builder
         */
        public Builder failOn(Predicate<DeviceId> which) {
            this.failOn = Objects.requireNonNull(which, "which");
            return this;
        }

        /**
         * Makes the chosen devices go silent: they receive updates and never report on them.
         *
         * @param which the silent devices
         * @return this builder
         */
        public Builder silentOn(Predicate<DeviceId> which) {
            this.silentOn = Objects.requireNonNull(which, "which");
            return this;
        }

        /**
         * Makes the chosen devices go offline in the middle of an update (after the last progress report).
         *
         * @param which the devices that drop off
         * @return this builder
         */
        public Builder offlineOn(Predicate<DeviceId> which) {
            this.offlineOn = Objects.requireNonNull(which, "which");
            return this;
        }

        /**
         * Builds the agent.
         *
         * @return the agent, shareable by many devices
         */
        public FirmwareAgent build() {
            return new FirmwareAgent(this);
        }
    }
}
