package dev.fleetops.core.azure.emulator;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's fault injection over HTTP: rules that answer 429 or 503, reset connections before or after the hub
 * applied a request, or slow answers down. Rules are checked in the order they were added and the first that fires
 * wins; a rule's probability is drawn from a source seeded by {@link IotHubEmulator.Builder#seed(long)}, so a
 * single-threaded run repeats exactly.
 *
 * <p>These faults act on the wire, in front of the hub. The {@link dev.fleetops.core.embedded.EmbeddedHub}'s own
 * {@link dev.fleetops.core.embedded.FaultInjector} keeps working behind the emulator: its throttles and server errors
 * become the same HTTP answers, and its connection resets become connection resets.
 *
 * <p>Thread-safe.
 */
public final class EmulatorFaults {

    private final List<Armed> rules = new CopyOnWriteArrayList<>();
    private final Random random;
    private final AtomicLong fired = new AtomicLong();

    EmulatorFaults(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this object
     */
    public EmulatorFaults add(EmulatorFaultRule rule) {
        rules.add(new Armed(rule));
        return this;
    }

    /**
     * Removes every rule.
     *
     * @return this object
     */
    public EmulatorFaults clear() {
        rules.clear();
        return this;
    }

    /**
     * Returns how many faults fired since the emulator started.
     *
     * @return the count
     */
    public long firedCount() {
        return fired.get();
    }

    /** Picks the fault for one request, if a rule fires. */
    Optional<EmulatorFault> pick(String effectiveMethod, String path) {
        for (Armed armed : rules) {
            if (!armed.rule.matches(effectiveMethod, path)) {
                continue;
            }
            if (armed.rule.probability() < 1.0) {
                double draw;
                synchronized (random) {
                    draw = random.nextDouble();
                }
                if (draw >= armed.rule.probability()) {
                    continue;
                }
            }
            if (!armed.take()) {
                continue;
            }
            fired.incrementAndGet();
            return Optional.of(armed.rule.fault());
        }
        return Optional.empty();
    }

    private static final class Armed {
        final EmulatorFaultRule rule;
        final AtomicLong left;

        Armed(EmulatorFaultRule rule) {
            this.rule = rule;
            this.left = new AtomicLong(rule.limit());
        }

        boolean take() {
            if (rule.limit() < 0) {
                return true;
            }
            return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
    }
}
