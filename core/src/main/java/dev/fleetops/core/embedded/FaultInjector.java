package dev.fleetops.core.embedded;

import dev.fleetops.core.ServiceUnavailableException;
import dev.fleetops.core.ThrottledException;
import dev.fleetops.core.TransportException;
import dev.fleetops.core.model.OperationClass;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded hub's fault injection: rules that make a share of calls fail or slow down. Rules can be added and
 * cleared while the hub runs. Draws come from a seeded random source, so a single-threaded run is repeatable.
 * Thread-safe.
 */
public final class FaultInjector {

    private final List<Armed> rules = new CopyOnWriteArrayList<>();
    private final Random random;
    private final AtomicLong injected = new AtomicLong();

    FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Adds a rule; rules are checked in the order they were added and the first that fires wins.
     *
     * @param rule the rule
     * @return this injector
     */
    public FaultInjector add(FaultRule rule) {
        rules.add(new Armed(rule));
        return this;
    }

    /**
     * Removes every rule.
     *
     * @return this injector
     */
    public FaultInjector clear() {
        rules.clear();
        return this;
    }

    /**
     * Returns how many faults fired so far.
     *
     * @return the count
     */
    public long injectedCount() {
        return injected.get();
    }

    /**
     * Picks the fault for one call, if any fires, and throws it when it acts before processing.
     *
     * @return the fault that acts after processing or as latency, or empty
     */
    Optional<Fault> before(OperationClass op, String what) {
        for (Armed armed : rules) {
            if (!armed.rule.appliesTo(op)) {
                continue;
            }
            double draw;
            synchronized (random) {
                draw = random.nextDouble();
            }
            if (draw >= armed.rule.probability() || !armed.take()) {
                continue;
            }
            injected.incrementAndGet();
            Fault fault = armed.rule.fault();
            switch (fault.kind()) {
                case THROTTLE:
                    throw new ThrottledException("embedded hub throttled " + what + " (injected fault)",
                            Optional.empty());
                case SERVER_ERROR:
                    throw new ServiceUnavailableException(fault.statusCode(), "embedded hub answered "
                            + fault.statusCode() + " to " + what + " (injected fault)");
                case CONNECTION_RESET:
                    throw new TransportException("connection reset during " + what + " (injected fault)");
                default:
                    return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    static Duration latencyOf(Optional<Fault> fault) {
        return fault.filter(f -> f.kind() == Fault.Kind.LATENCY).map(Fault::delay).orElse(Duration.ZERO);
    }

    static boolean resetsAfterApply(Optional<Fault> fault) {
        return fault.filter(f -> f.kind() == Fault.Kind.RESET_AFTER_APPLY).isPresent();
    }

    private static final class Armed {
        final FaultRule rule;
        final AtomicLong left;

        Armed(FaultRule rule) {
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
